namespace Backprop.Repl.Running;

/// <summary>What running a line left behind: carry on, an error (a script stops here), or <c>:quit</c>.</summary>
internal enum LineStatus { Ok, Error, Quit }
