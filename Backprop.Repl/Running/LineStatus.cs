namespace Backprop.Repl.Running;

/// <summary>What running a line left behind: carry on, an error (a script stops here), <c>:quit</c>, or Ctrl+C (the REPL carries on, a script stops).</summary>
internal enum LineStatus { Ok, Error, Quit, Cancelled }
