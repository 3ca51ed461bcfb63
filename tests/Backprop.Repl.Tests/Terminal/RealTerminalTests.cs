using System.Diagnostics;

namespace Backprop.Repl.Tests.Terminal;

/// <summary>
/// The REPL in a real pseudo-terminal (tmux), as a learner sees it: output fits the terminal's width, Ctrl+C leaves
/// a mark, Ctrl+L clears the screen, errors are coloured, NO_COLOR removes all styling. Skipped where tmux is missing.
/// </summary>
public sealed class RealTerminalTests
{
    private const string LongNumbers = ":trace sigmoid(x*1.234567)*exp(x/3.14159)/(x + 7.777777)";

    [TmuxTheory]
    [InlineData(60)]
    [InlineData(200)]
    public void TraceAndHelp_FitTheTerminal_NothingWraps(int width)
    {
        using var tmux = new Tmux(width, 200);
        tmux.Type("x = 0.37");
        tmux.Type(LongNumbers);
        tmux.Type(":help");
        tmux.Type(":graph x*1.234567 + 7.777777");
        tmux.Type("an_unknown_name_to_make_the_message_long");
        string screen = tmux.WaitFor("^^^^^^^^^^", joined: true);

        // -J joins the rows the terminal wrapped: a joined row longer than the width was split by the terminal.
        var lines = screen.Split('\n');
        Assert.All(lines, line => Assert.True(line.TrimEnd().Length <= width, $"wrapped at {width}: {line}"));
        Assert.Contains("backward, from L = 1", screen);
        Assert.Contains(":explain EXPR", screen);
        Assert.Contains("7.777777 literal", screen);
    }

    [TmuxTheory]
    [InlineData(60)]
    [InlineData(120)]
    public void Japanese_NamesAndMessages_LeaveNoStrayPromptLines_AndTheCursorWhereTheTextEnds(int width)
    {
        using var tmux = new Tmux(width, 40, locale: "ja_JP.UTF-8");
        tmux.Text("みかん = 150");
        tmux.WaitFor("bp> みかん = 150", visibleOnly: true);
        // bp> is 4 columns and each of みかん two: the cursor after "みかん = 150" is at column 4 + 6 + 6.
        Assert.Equal(16, WaitForCursor(tmux, 16));
        tmux.Keys("Enter");
        tmux.Type("個数 = 3");
        tmux.Text(":grad みか");
        tmux.Keys("Tab");
        tmux.WaitFor("bp> :grad みかん", visibleOnly: true);
        tmux.Text("*個数 + 消費税");
        tmux.Keys("Enter");
        string screen = tmux.WaitFor("^^^^^^", visibleOnly: true);

        // The prompts typed at, then the fresh one waiting: no partial prompt rows between them.
        var prompts = screen.Split('\n').Where(l => l.StartsWith("bp>", StringComparison.Ordinal)).SkipLast(1).ToList();
        Assert.Equal(["bp> みかん = 150", "bp> 個数 = 3", "bp> :grad みかん*個数 + 消費税"], prompts.Select(p => p.TrimEnd()));
        Assert.Contains("エラー: '消費税' という名前はありません", screen);
        Assert.Contains("  :grad みかん*個数 + 消費税\n" + new string(' ', 2 + Lang.Text.DisplayWidth.Of(":grad みかん*個数 + ")) + "^^^^^^\n", screen);

        // History brings the Japanese line back whole, with the cursor at its end.
        tmux.Keys("Up");
        tmux.WaitFor(s => s.TrimEnd().EndsWith("bp> :grad みかん*個数 + 消費税", StringComparison.Ordinal), visibleOnly: true);
        Assert.Equal(4 + 6 + 6 + 1 + 4 + 3 + 6, WaitForCursor(tmux, 30));
        tmux.Keys("C-c");

        // Japanese messages, tables, the gradient picture and the graph's tree fit the terminal: nothing wraps.
        tmux.Type("消費税 = 1.1");
        tmux.Type(":grad (みかん*2)*消費税");
        tmux.Type(":graph みかん*個数*消費税");
        tmux.Type(":explain みかん*個数 + みかん");
        tmux.Type(":help");
        string joined = tmux.WaitFor("dL/d(みかん) = ", joined: true);
        Assert.All(joined.Split('\n'), line =>
            Assert.True(Lang.Text.DisplayWidth.Of(line.TrimEnd()) <= width, $"wrapped at {width}: {line}"));
        Assert.Contains("みかん 入力", joined);
    }

    private static int WaitForCursor(Tmux tmux, int expected)
    {
        var clock = Stopwatch.StartNew();
        int column = tmux.CursorColumn;
        while (column != expected && clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(100);
            column = tmux.CursorColumn;
        }
        return column;
    }

    [TmuxFact]
    public void CtrlC_MarksTheAbandonedLine_AndCtrlL_ClearsTheScreen()
    {
        using var tmux = new Tmux(80, 24);
        tmux.Type("1 + 1");
        tmux.WaitFor("\n2");
        tmux.Keys("3+4+5");
        tmux.WaitFor("3+4+5");
        tmux.Keys("C-c");
        Assert.Contains("bp> 3+4+5^C", tmux.WaitFor("bp> 3+4+5^C"));

        tmux.Keys("2*3");
        tmux.WaitFor("bp> 2*3");
        tmux.Keys("C-l");
        // Wait for what the screen shows once redrawn, not for the clear alone: a capture between the clear and the
        // redraw is an empty screen (this test failed by chance that way under load).
        string cleared = tmux.WaitFor(screen => !screen.Contains("1 + 1") && screen.StartsWith("bp> 2*3"), visibleOnly: true);
        Assert.StartsWith("bp> 2*3", cleared);
        tmux.Keys("Enter");
        Assert.StartsWith("bp> 2*3\n6", tmux.WaitFor(screen => screen.StartsWith("bp> 2*3\n6"), visibleOnly: true));
    }

    [TmuxFact]
    public void Errors_AreColoured_AndNoColorRemovesAllStyling()
    {
        using (var tmux = new Tmux(80, 24))
        {
            tmux.Type(":grad nosuch");
            string coloured = tmux.WaitFor("error", escapes: true);
            Assert.Contains("\u001b[1m\u001b[31merror", coloured);
        }
        using (var tmux = new Tmux(80, 24, noColor: true))
        {
            tmux.Type(":grad nosuch");
            string plain = tmux.WaitFor("error", escapes: true);
            Assert.DoesNotContain("\u001b[", plain);
        }
    }

    [TmuxFact]
    public void Train_ShowsAProgressBar_AndCtrlC_StopsItKeepingTheParameters()
    {
        using var tmux = new Tmux(100, 40);
        tmux.Type("data = spiral()");
        tmux.Type("X = data[:, 0:2]");
        tmux.Type("t = data[:, 2]");
        tmux.Type("W = zeros(2, 3)");
        tmux.Type("b = zeros(3)");
        // Long enough to be stopped: about a minute of epochs.
        tmux.Type(":train softmax_with_loss(affine(X, W, b), t) wrt W, b data X, t batch=10 epochs=1000000 lr=0.1");
        // Spectre's progress: the epoch under way, the bar, the percentage and the time left.
        string running = tmux.WaitFor(screen => screen.Contains("epoch ") && screen.Contains("/1,000,000") && screen.Contains('%'));
        Assert.Matches(@"epoch [\d,]+/1,000,000  loss \d", running);
        tmux.Keys("C-c");
        string stopped = tmux.WaitFor("of its 30 batches; the parameters keep the values reached");
        Assert.Matches(@"stopped in epoch [\d,]+ after \d+ of its 30 batches", stopped);
        // The session goes on, with W moved from zero.
        tmux.Type("sum(abs(W))");
        string moved = tmux.WaitFor(screen => System.Text.RegularExpressions.Regex.IsMatch(screen, @"bp> sum\(abs\(W\)\)\n[\d.e+-]+\n"));
        var value = System.Text.RegularExpressions.Regex.Match(moved, @"bp> sum\(abs\(W\)\)\n([\d.e+-]+)\n").Groups[1].Value;
        Assert.True(double.Parse(value, System.Globalization.CultureInfo.InvariantCulture) > 0, moved);
    }

    private sealed class Tmux : IDisposable
    {
        private readonly string _name = "bp-test-" + Guid.NewGuid().ToString("N")[..8];
        private readonly string _home = Path.Combine(Path.GetTempPath(), "bp-tmux-" + Guid.NewGuid().ToString("N"));

        /// <param name="locale">LANG for the REPL (English when null); tmux itself runs in UTF-8 (-u) either way.</param>
        public Tmux(int width, int height, bool noColor = false, string? locale = null)
        {
            Directory.CreateDirectory(_home);
            // env's -u options come before its assignments.
            string command = $"env -u LC_ALL -u LC_MESSAGES -u BACKPROP_LANG {(locale is null ? "-u LANG" : "")} {(noColor ? "NO_COLOR=1" : "-u NO_COLOR")} "
                + $"{(locale is null ? "" : $"LANG={locale}")} HOME='{_home}' XDG_STATE_HOME='{_home}' TERM=xterm-256color "
                + $"'{BackpropProcess.DotnetHost}' '{BackpropProcess.BackpropDll}'";
            Run("-u", "new-session", "-d", "-s", _name, "-x", width.ToString(), "-y", height.ToString(), command);
            WaitFor("bp>");
        }

        public void Type(string line)
        {
            Run("send-keys", "-t", _name, "-l", line);
            Run("send-keys", "-t", _name, "Enter");
        }

        public void Keys(string keys) => Run("send-keys", "-t", _name, keys);

        public void Text(string text) => Run("send-keys", "-t", _name, "-l", text);

        /// <summary>The cursor's column, 0-based, as the terminal has it.</summary>
        public int CursorColumn => int.Parse(Run("display", "-p", "-t", _name, "#{cursor_x}").Trim(), System.Globalization.CultureInfo.InvariantCulture);

        public string WaitFor(string text, bool joined = false, bool escapes = false, bool visibleOnly = false) =>
            WaitFor(screen => screen.Contains(text), joined, escapes, visibleOnly);

        /// <param name="visibleOnly">Only the screen, not the scrollback above it.</param>
        public string WaitFor(Func<string, bool> ready, bool joined = false, bool escapes = false, bool visibleOnly = false)
        {
            var clock = Stopwatch.StartNew();
            string screen = "";
            while (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                var args = new List<string> { "capture-pane", "-p", "-t", _name };
                if (!visibleOnly) args.AddRange(["-S", "-", "-E", "-"]);
                if (joined) args.Add("-J");
                if (escapes) args.Add("-e");
                screen = Run([.. args]);
                if (ready(screen)) return screen;
                Thread.Sleep(100);
            }
            Assert.Fail($"the terminal never showed what was awaited; it shows:\n{screen}");
            return screen;
        }

        private static string Run(params string[] args)
        {
            var start = new ProcessStartInfo("tmux") { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true };
            foreach (var arg in args) start.ArgumentList.Add(arg);
            using var process = Process.Start(start)!;
            process.StandardInput.Close();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return output.Replace("\r\n", "\n");
        }

        public void Dispose()
        {
            try
            {
                Run("kill-session", "-t", _name);
                Directory.Delete(_home, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Cleaning up a temporary directory is not what the test checks.
            }
        }
    }
}

/// <summary>A fact that needs tmux on the PATH; .ci/run installs it.</summary>
public sealed class TmuxFactAttribute : FactAttribute
{
    public TmuxFactAttribute()
    {
        if (!TmuxAvailable.Value) Skip = TmuxAvailable.Reason;
    }
}

public sealed class TmuxTheoryAttribute : TheoryAttribute
{
    public TmuxTheoryAttribute()
    {
        if (!TmuxAvailable.Value) Skip = TmuxAvailable.Reason;
    }
}

internal static class TmuxAvailable
{
    public const string Reason = "tmux is not installed (apt-get install tmux): the real-terminal tests need a pseudo-terminal";

    public static readonly bool Value = (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator).Any(dir => File.Exists(Path.Combine(dir, "tmux")));
}
