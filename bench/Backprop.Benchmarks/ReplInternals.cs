using System.Reflection;
using Backprop.Lang.Evaluation;

namespace Backprop.Benchmarks;

/// <summary>
/// The command's own JSON reporter and interpreter, reached by reflection because they are internal to the
/// exe. Measuring the real code rather than a copy keeps the Output figures honest while it is being tuned;
/// if a type or member is renamed, setup fails here with its name.
/// </summary>
public static class ReplInternals
{
    private static readonly Assembly Exe = Assembly.Load("backprop");

    private static Type TypeOf(string name) =>
        Exe.GetType(name, throwOnError: false) ?? throw new MissingMemberException($"backprop has no type {name}");

    private static MethodInfo MethodOf(Type type, string name, params Type[] parameters) =>
        type.GetMethod(name, BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic, parameters)
        ?? throw new MissingMemberException(type.FullName, name);

    /// <summary>A <c>JsonReporter</c> writing to <paramref name="output"/>; returns its <c>Gradient</c> method.</summary>
    public static Action<GradientOutcome> JsonGradientWriter(TextWriter output, out object reporter)
    {
        var type = TypeOf("Backprop.Repl.Output.JsonReporter");
        reporter = Activator.CreateInstance(type, output)!;
        return MethodOf(type, "Gradient", typeof(GradientOutcome)).CreateDelegate<Action<GradientOutcome>>(reporter);
    }

    /// <summary>What <c>backprop eval --json</c> does with a script's text, minus reading the file and starting the process.</summary>
    public static Func<string, string, object> JsonInterpreter(TextWriter output)
    {
        JsonGradientWriter(output, out object reporter);
        var type = TypeOf("Backprop.Repl.Running.Interpreter");
        var runScript = MethodOf(type, "RunScript", typeof(string), typeof(string));
        return (text, path) =>
        {
            // The third parameter, the write policy, is optional in C# but not to reflection: null is the interactive one.
            object interpreter = Activator.CreateInstance(type, new Session(), reporter, null)!;
            return runScript.Invoke(interpreter, [text, path])!;
        };
    }

    /// <summary>
    /// A writer like <c>Console.Out</c> when stdout is redirected to /dev/null: synchronized, UTF-8, flushed on every
    /// write, each write a system call to the null device, so re-encoding and flushing cost what they cost the command.
    /// </summary>
    public static TextWriter NullOutput()
    {
        var device = new FileStream(OperatingSystem.IsWindows() ? "NUL" : "/dev/null", FileMode.Open, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);
        return TextWriter.Synchronized(new StreamWriter(device, new System.Text.UTF8Encoding(false)) { AutoFlush = true });
    }
}
