using System.CommandLine;

namespace Backprop.Repl.Jupyter;

/// <summary><c>backprop jupyter install | uninstall | kernel</c>: the notebook front end's three subcommands.</summary>
internal static class JupyterCommand
{
    /// <param name="allowWrite">The root's <c>--allow-write</c>: folders cells may write in, kept in the kernelspec by install.</param>
    public static Command Create(Option<string[]> allowWrite, TextWriter output, TextWriter errors)
    {
        var install = new Command("install", "Write the backprop kernelspec where Jupyter finds it (JupyterLab, Notebook and VS Code then offer the kernel)");
        var (installUser, installPrefix) = Where(install);
        install.SetAction(result =>
        {
            if (DataFolder(result.GetValue(installUser), result.GetValue(installPrefix), errors) is not { } data) return Cli.BackpropCli.UsageError;
            if (KernelSpec.Install(data, result.GetValue(allowWrite) ?? [], out string? error) is not { } folder)
            {
                errors.WriteLine($"backprop: {error}");
                return Cli.BackpropCli.InputError;
            }
            output.WriteLine(KernelMessages.Installed(folder));
            return Cli.BackpropCli.Success;
        });

        var uninstall = new Command("uninstall", "Remove the backprop kernelspec that install wrote");
        var (uninstallUser, uninstallPrefix) = Where(uninstall);
        uninstall.SetAction(result =>
        {
            if (DataFolder(result.GetValue(uninstallUser), result.GetValue(uninstallPrefix), errors) is not { } data) return Cli.BackpropCli.UsageError;
            if (KernelSpec.Uninstall(data, out string? error) is not { } folder)
            {
                errors.WriteLine($"backprop: {error}");
                return Cli.BackpropCli.InputError;
            }
            output.WriteLine(KernelMessages.Uninstalled(folder));
            return Cli.BackpropCli.Success;
        });

        var connection = new Option<string>("-f", "--connection-file")
        {
            Description = "The connection file Jupyter writes (ports, ip and signing key)",
            HelpName = "FILE",
            Required = true,
        };
        var kernel = new Command("kernel", "Run as a Jupyter kernel (Jupyter starts this itself, from the kernelspec)") { connection };
        kernel.SetAction(result => JupyterKernel.Run(result.GetValue(connection)!, result.GetValue(allowWrite) ?? [], errors));

        return new Command("jupyter", "backprop in Jupyter notebooks: install the kernel, remove it, or run it") { install, uninstall, kernel };
    }

    private static (Option<bool> User, Option<string?> Prefix) Where(Command command)
    {
        var user = new Option<bool>("--user") { Description = "In your own Jupyter data folder, such as ~/.local/share/jupyter (the default)" };
        var prefix = new Option<string?>("--prefix") { Description = "In DIR/share/jupyter, as jupyter kernelspec install --prefix does (a virtual environment, a conda env)", HelpName = "DIR" };
        command.Options.Add(user);
        command.Options.Add(prefix);
        return (user, prefix);
    }

    private static string? DataFolder(bool user, string? prefix, TextWriter errors)
    {
        if (user && prefix is not null)
        {
            errors.WriteLine($"backprop: {KernelMessages.UserOrPrefix}");
            return null;
        }
        return prefix is not null ? KernelSpec.PrefixDataFolder(prefix) : KernelSpec.UserDataFolder();
    }
}
