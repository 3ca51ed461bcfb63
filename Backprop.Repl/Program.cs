return Backprop.Repl.Cli.BackpropCli.RunConsole(args);
