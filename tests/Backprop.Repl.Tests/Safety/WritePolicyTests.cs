using Backprop.Fuzz;
using Backprop.Lang.Evaluation;
using Backprop.Repl.Output;
using Backprop.Repl.Running;
using Backprop.Repl.Terminal;

namespace Backprop.Repl.Tests.Safety;

/// <summary>
/// What a script or a pipe may write: only inside its own folder (or one given with --allow-write), never through '..'
/// or a link out of it, never over an existing file that is not a graph picture. Graphviz gets an argument list whose
/// output path cannot be read as an option, and messages quote what they suggest. Through the real process.
/// </summary>
public sealed class WritePolicyTests
{
    private static Shell.Result Pipe(string folder, string lines, string args = "", IReadOnlyDictionary<string, string>? environment = null) =>
        Shell.Run($"bp {args}", folder, lines, environment);

    [Theory]
    [InlineData("notes.txt", "will not replace 'notes.txt': it exists, and a script or a pipe replaces only a graph picture (.dot .svg .png .pdf)")]
    [InlineData("../notes.dot", "will not write '../notes.dot': a script or a pipe may not write through '..'")]
    [InlineData("OUTSIDE/notes.dot", "will not write 'OUTSIDE/notes.dot': a script or a pipe writes only inside its own folder, ")]
    [InlineData("link/notes.dot", "will not write 'link/notes.dot': a script or a pipe writes only inside its own folder, ")]
    [InlineData("pointer.dot", "will not write 'pointer.dot': a script or a pipe writes only inside its own folder, ")]
    public void Pipe_WriteOutsideItsFolderOrOverAFile_IsRefusedAndNothingChanges(string target, string message)
    {
        if (!Shell.Available) return;
        using var outside = new TempDirectory();
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "notes.txt"), "keep me\n");
        File.WriteAllText(Path.Combine(outside.Path, "notes.dot"), "keep me too\n");
        File.CreateSymbolicLink(Path.Combine(temp.Path, "link"), outside.Path);
        File.CreateSymbolicLink(Path.Combine(temp.Path, "pointer.dot"), Path.Combine(outside.Path, "notes.dot"));
        string work = Path.Combine(temp.Path, "work");
        Directory.CreateDirectory(work);
        File.WriteAllText(Path.Combine(work, "notes.txt"), "keep me\n");
        target = target.Replace("OUTSIDE", outside.Path).Replace("link/", "../link/").Replace("pointer.dot", "../pointer.dot");
        message = message.Replace("OUTSIDE", outside.Path).Replace("'link/", "'../link/").Replace("'pointer.dot", "'../pointer.dot");
        if (target.StartsWith("../link") || target.StartsWith("../pointer"))
        {
            // The links themselves inside the folder: no '..' in the path, only a link out.
            File.CreateSymbolicLink(Path.Combine(work, "link"), outside.Path);
            File.CreateSymbolicLink(Path.Combine(work, "pointer.dot"), Path.Combine(outside.Path, "notes.dot"));
            target = target.Replace("../", "");
            message = message.Replace("'../", "'");
        }

        var result = Pipe(work, $"x = 2\n:dot x*x > {target}\nx\n");

        Assert.Equal(1, result.ExitCode);
        Assert.Equal("x = 2\n", result.Out);
        Assert.StartsWith($"<stdin>:2:11: error: {message}", result.Err);
        Assert.Equal("keep me\n", File.ReadAllText(Path.Combine(work, "notes.txt")));
        Assert.Equal("keep me too\n", File.ReadAllText(Path.Combine(outside.Path, "notes.dot")));
        Assert.Equal(["notes.dot"], Directory.GetFiles(outside.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void Script_WritesInsideItsOwnFolder_AndReplacesAPicture()
    {
        if (!Shell.Available) return;
        using var temp = new TempDirectory();
        string lesson = Path.Combine(temp.Path, "lesson");
        Directory.CreateDirectory(Path.Combine(lesson, "pictures"));
        File.WriteAllText(Path.Combine(lesson, "pictures", "old.dot"), "old\n");
        File.WriteAllText(Path.Combine(lesson, "script.bp"), "x = 3\n:dot x*x > pictures/old.dot\n:dot x*x > new.dot\n");

        var result = Shell.Run("bp eval lesson/script.bp", temp.Path);

        Assert.Equal(0, result.ExitCode);
        Assert.Empty(result.Err);
        Assert.StartsWith("digraph", File.ReadAllText(Path.Combine(lesson, "pictures", "old.dot")));
        Assert.True(File.Exists(Path.Combine(lesson, "new.dot")));
        Assert.False(File.Exists(Path.Combine(temp.Path, "new.dot")));
    }

    [Fact]
    public void Script_CannotWriteBesideItsFolder_ButAllowWriteWidensThat()
    {
        if (!Shell.Available) return;
        using var temp = new TempDirectory();
        string lesson = Path.Combine(temp.Path, "lesson"), output = Path.Combine(temp.Path, "out");
        Directory.CreateDirectory(lesson);
        Directory.CreateDirectory(output);
        File.WriteAllText(Path.Combine(lesson, "script.bp"), $"x = 3\n:dot x*x > ../out/a.dot\n:dot x*x > {output}/b.dot\n");

        var refused = Shell.Run("bp eval lesson/script.bp", temp.Path);
        var allowed = Shell.Run("bp eval --allow-write out lesson/script.bp", temp.Path);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("may not write through '..'", refused.Err);
        Assert.Equal(0, allowed.ExitCode);
        Assert.Empty(allowed.Err);
        Assert.Equal(["a.dot", "b.dot"], Directory.GetFiles(output).Select(Path.GetFileName).Order());
    }

    [Fact]
    public void Load_FromATypedLine_IsConfinedToTheLoadedScriptsFolder()
    {
        using var temp = new TempDirectory();
        using var outside = new TempDirectory();
        string script = temp.File("s.bp", $"x = 1\n:dot x > {outside.Path}/out.dot\n");
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var interpreter = new Interpreter(new Session(), new HumanReporter(ConsoleSetup.Plain(stdout), stderr));

        // Typed: the user's own authority.
        ReplLoop.Run(interpreter, new TextLineSource(new StringReader($":dot 1 > {outside.Path}/typed.dot\n:load {script}\n")));

        Assert.True(File.Exists(Path.Combine(outside.Path, "typed.dot")));
        Assert.False(File.Exists(Path.Combine(outside.Path, "out.dot")));
        Assert.Contains($"{script}:2:9: error: will not write '{outside.Path}/out.dot'", Printed.Normalize(stderr.ToString()));
    }

    [Fact]
    public void DotCommand_TheScriptsOwnWrites_AreConfinedToItsFolder()
    {
        if (!Shell.Available) return;
        using var temp = new TempDirectory();
        using var outside = new TempDirectory();
        temp.File("s.bp", $"x = 2\n:dot x > {outside.Path}/sneaky.dot\nx*x\n");

        var result = Shell.Run("bp dot s.bp -o picture.dot", temp.Path);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"error: will not write '{outside.Path}/sneaky.dot'", result.Err);
        Assert.Empty(Directory.GetFiles(outside.Path));
    }

    // ---- Graphviz ----------------------------------------------------------------------------------------------

    /// <summary>A folder with a fake Graphviz 'dot' that records its arguments and writes what -o names (unless told not to).</summary>
    private static Dictionary<string, string> FakeGraphviz(string folder, bool writes = true)
    {
        string bin = Path.Combine(folder, "bin");
        Directory.CreateDirectory(bin);
        string dot = Path.Combine(bin, "dot");
        File.WriteAllText(dot, $$"""
            #!/bin/sh
            for a in "$@"; do printf '%s\n' "$a"; done > '{{folder}}/args.txt'
            cat > /dev/null
            {{(writes ? "for a in \"$@\"; do case \"$a\" in -o*) echo '<svg/>' > \"${a#-o}\";; esac; done" : "")}}
            exit 0
            """);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(dot, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return new() { ["PATH"] = bin + ":/usr/bin:/bin" };
    }

    [Fact]
    public void Graphviz_AFileNamedLikeAnOption_IsPassedAsAnAbsolutePathAttachedToDashO()
    {
        if (!Shell.Available) return;
        using var temp = new TempDirectory();
        var environment = FakeGraphviz(temp.Path);

        var result = Pipe(temp.Path, ":dot 1*2 > -c.svg\n", environment: environment);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal($"rendered -c.svg with Graphviz\n", result.Out);
        Assert.Equal($"-Tsvg\n-o{temp.Path}/-c.svg\n", File.ReadAllText(Path.Combine(temp.Path, "args.txt")));
        Assert.True(File.Exists(Path.Combine(temp.Path, "-c.svg")));
    }

    [Fact]
    public void Graphviz_ThatWritesNothing_IsNotReportedAsRendered()
    {
        if (!Shell.Available) return;
        using var temp = new TempDirectory();
        var environment = FakeGraphviz(temp.Path, writes: false);

        var result = Pipe(temp.Path, ":dot 1*2 > g.svg\n", environment: environment);

        Assert.Equal(1, result.ExitCode);
        Assert.DoesNotContain("rendered", result.Out);
        Assert.Contains("error: Graphviz failed: it exited without writing g.svg", result.Err);
    }

    [Fact]
    public void Graphviz_Missing_MessageShowsControlsAsPicturesAndQuotesTheCommandItSuggests()
    {
        if (!Shell.Available) return;
        using var temp = new TempDirectory();
        var noGraphviz = new Dictionary<string, string> { ["PATH"] = "/nonexistent" };
        string name = "x ; touch HACKED ;\u001b[2J.svg";

        var result = Shell.Run($"'{BackpropProcess.DotnetHost}' '{BackpropProcess.BackpropDll}'", temp.Path, $":dot 1*2 > {name}\n", noGraphviz);

        Assert.Equal(0, result.ExitCode);
        Assert.DoesNotContain('\u001b', result.Out);
        Assert.Contains("x ; touch HACKED ;␛[2J.svg was not rendered", result.Out);
        Assert.EndsWith("and run:\n    dot -Tsvg 'x ; touch HACKED ;␛[2J.dot' -o 'x ; touch HACKED ;␛[2J.svg'\n", result.Out);
        // Pasting the suggested command runs dot (a fake one here) and nothing else.
        string suggested = result.Out[(result.Out.IndexOf("and run:", StringComparison.Ordinal) + "and run:".Length)..].Trim();
        var fake = FakeGraphviz(temp.Path);
        Shell.Run(suggested, temp.Path, environment: fake);
        Assert.False(File.Exists(Path.Combine(temp.Path, "HACKED")));
        Assert.Contains("-Tsvg", File.ReadAllText(Path.Combine(temp.Path, "args.txt")));
        Assert.False(Promise.HasStackTrace(result.Err));
    }

    [Fact]
    public void Graphviz_Missing_SaysWhenItReplacedTheDotFileBesideTheTarget()
    {
        if (!Shell.Available) return;
        using var temp = new TempDirectory();
        File.WriteAllText(Path.Combine(temp.Path, "g.dot"), "an older picture\n");
        var noGraphviz = new Dictionary<string, string> { ["PATH"] = "/nonexistent" };

        var result = Shell.Run($"'{BackpropProcess.DotnetHost}' '{BackpropProcess.BackpropDll}'", temp.Path, ":dot 1*2 > g.svg\n:dot 1*2 > h.svg\n", noGraphviz);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("so g.svg was not rendered; replaced g.dot instead.", result.Out);
        Assert.Contains("so h.svg was not rendered; wrote h.dot instead.", result.Out);
        Assert.StartsWith("digraph", File.ReadAllText(Path.Combine(temp.Path, "g.dot")));
    }

    [Fact]
    public void ShellQuote_MakesOneWordThatIsNotAnOption()
    {
        Assert.Equal("graph.svg", ShellQuote.Path("graph.svg"));
        Assert.Equal("./-c.svg", ShellQuote.Path("-c.svg"));
        Assert.Equal("'a b.svg'", ShellQuote.Path("a b.svg"));
        Assert.Equal("'it'\\''s.svg'", ShellQuote.Path("it's.svg"));
        Assert.Equal("'$(rm -rf x).svg'", ShellQuote.Path("$(rm -rf x).svg"));
    }
}
