using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Backprop.Repl.Tests.Jupyter;

/// <summary>
/// The Python that drives the kernel in these tests: Debian's (python3-jupyter-client, python3-nbclient, which
/// .ci/run installs), or the first python3 on the PATH that has jupyter_client and nbclient. The scripts it runs are
/// beside this file.
/// </summary>
internal static class JupyterPython
{
    public const string MissingReason =
        "no python3 with jupyter_client and nbclient (apt-get install python3-jupyter-client python3-nbclient): the Jupyter kernel tests need them";

    private static readonly Lazy<string?> Found = new(Find);

    public static string? Executable => Found.Value;

    public static string Script(string name) => Path.Combine(RepoPaths.Root, "tests", "Backprop.Repl.Tests", "Jupyter", name);

    private static string? Find()
    {
        var candidates = new List<string> { "/usr/bin/python3" };
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            candidates.Add(Path.Combine(dir, "python3"));
        }
        foreach (string python in candidates.Distinct().Where(File.Exists))
        {
            try
            {
                var start = new ProcessStartInfo(python, ["-c", "import jupyter_client, nbclient, nbformat, zmq"])
                {
                    RedirectStandardOutput = true,
                    RedirectStandardError = true,
                    RedirectStandardInput = true,
                };
                using var process = Process.Start(start)!;
                process.StandardInput.Close();
                if (process.WaitForExit(TimeSpan.FromSeconds(30)) && process.ExitCode == 0) return python;
                if (!process.HasExited) process.Kill();
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // Not runnable: try the next one.
            }
        }
        return null;
    }

    public sealed record Result(int ExitCode, string Out, string Err);

    /// <summary>
    /// Runs a script with Jupyter's folders all inside <paramref name="jupyter"/> (so the user's own kernels and runtime
    /// files are neither seen nor touched) and the kernelspec folder <paramref name="kernels"/> on JUPYTER_PATH.
    /// </summary>
    public static Result Run(string script, IEnumerable<string> args, string jupyter, string kernels, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(Executable!)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = workingDirectory ?? jupyter,
        };
        start.ArgumentList.Add(Script(script));
        foreach (string arg in args) start.ArgumentList.Add(arg);
        start.Environment["JUPYTER_PATH"] = kernels;
        start.Environment["JUPYTER_DATA_DIR"] = Path.Combine(jupyter, "data");
        start.Environment["JUPYTER_CONFIG_DIR"] = Path.Combine(jupyter, "config");
        start.Environment["JUPYTER_RUNTIME_DIR"] = Path.Combine(jupyter, "runtime");
        start.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout))
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            Assert.Fail($"{script} was still running after {timeout.TotalSeconds} s\n{errors.Result}");
        }
        process.WaitForExit();
        return new Result(process.ExitCode, output.Result, errors.Result);
    }
}

/// <summary>A fact that needs Python's jupyter_client and nbclient; skipped, saying why, where they are missing.</summary>
public sealed class JupyterFactAttribute : FactAttribute
{
    public JupyterFactAttribute()
    {
        if (JupyterPython.Executable is null) Skip = JupyterPython.MissingReason;
    }
}

/// <summary>
/// The backprop kernelspec installed into a temporary prefix by the command under test (<c>backprop jupyter install
/// --prefix DIR</c>, so with BACKPROP_EXE the native binary is the kernel), and Jupyter's folders beside it.
/// </summary>
internal sealed class InstalledKernel : IDisposable
{
    private readonly TempDirectory _root = new();

    public string Root => _root.Path;
    public string Prefix => Path.Combine(Root, "prefix");
    public string KernelsPath => Path.Combine(Prefix, "share", "jupyter");
    public string KernelFolder => Path.Combine(KernelsPath, "kernels", "backprop");
    public string Jupyter => Path.Combine(Root, "jupyter");

    /// <summary>The folder the kernel runs in (the notebook's folder, for the write rules).</summary>
    public string WorkDirectory => Path.Combine(Root, "work", "notebook");

    public BackpropProcess.Result Install { get; }

    public InstalledKernel()
    {
        Directory.CreateDirectory(Jupyter);
        Directory.CreateDirectory(WorkDirectory);
        Install = BackpropProcess.Run(["jupyter", "install", "--prefix", Prefix], TimeSpan.FromSeconds(60), 1L << 30);
    }

    public void Dispose() => _root.Dispose();
}

/// <summary>
/// protocol_checks.py run once against the installed kernel: every check's replies and outputs as JSON, which the
/// facts of <see cref="JupyterProtocolTests"/> each judge a part of.
/// </summary>
public sealed class ProtocolRun : IDisposable
{
    private readonly InstalledKernel? _kernel;

    public JsonObject Results { get; } = [];

    public string Log { get; } = "";

    public ProtocolRun()
    {
        if (JupyterPython.Executable is null) return;
        _kernel = new InstalledKernel();
        if (_kernel.Install.ExitCode != 0)
        {
            Log = _kernel.Install.Err;
            return;
        }
        var run = JupyterPython.Run("protocol_checks.py", [_kernel.WorkDirectory], _kernel.Jupyter, _kernel.KernelsPath, TimeSpan.FromSeconds(180));
        Log = run.Err;
        if (run.ExitCode == 0 && JsonNode.Parse(run.Out) is JsonObject results) Results = results;
        else Log = $"protocol_checks.py exited {run.ExitCode}\n{run.Out}\n{run.Err}";
    }

    internal InstalledKernel Kernel => _kernel!;

    /// <summary>One check's results; fails with the Python error or the kernel's log when the check did not run.</summary>
    public JsonObject Check(string name)
    {
        var check = Results[name] as JsonObject;
        Assert.True(check is not null, $"the check '{name}' did not run:\n{Log}");
        Assert.True(check!["python_error"] is null, $"the check '{name}' failed in Python:\n{check["python_error"]}\n--- kernel log ---\n{Log}");
        return check;
    }

    public void Dispose() => _kernel?.Dispose();
}
