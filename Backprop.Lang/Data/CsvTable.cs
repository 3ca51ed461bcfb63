using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Unicode;
using Backprop.Lang.Diagnostics;
using Backprop.Lang.Tensors;
using Backprop.Lang.Text;

namespace Backprop.Lang.Data;

/// <summary>
/// What <see cref="CsvTable.Parse(ReadOnlySpan{byte}, string)"/> read: a matrix of <c>[rows, columns]</c>, or the first
/// error in the file. <see cref="HeaderColumns"/> is the number of cells of the header line that was skipped, 0 when
/// there was none.
/// </summary>
public sealed record CsvResult(Tensor? Matrix, Diagnostic? Error, int HeaderColumns)
{
    [MemberNotNullWhen(true, nameof(Matrix))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool Succeeded => Matrix is not null;
}

/// <summary>
/// A CSV file of numbers read as a matrix, for <c>load_csv("points.csv")</c>: comma-separated numbers in invariant
/// culture, one row a line; blank lines skipped; a first line with any text in it taken as a header and skipped;
/// cells may be quoted. An error points at the line and the cell, as a parse error in a script does.
/// </summary>
/// <remarks>
/// The splitting is written here, not taken from a CSV package: a message points at a cell's line and column, which
/// Sylvan.Data.Csv (tried) does not report, and Sylvan fails the command's Native AOT build, where warnings are errors
/// (IL2104: its GetFieldType override lacks the trim annotation of DbDataReader's). A quoted cell ends on its own line:
/// a cell with a line break in it could not be a number anyway, and every line number stays a physical line.
/// </remarks>
public static class CsvTable
{
    /// <summary>The most cells one row may have.</summary>
    public const int MaxColumns = 100_000;

    /// <param name="bytes">The whole file (its size already checked against a limit by the caller).</param>
    /// <param name="displayName">The path as the user wrote it, for messages.</param>
    public static CsvResult Parse(ReadOnlySpan<byte> bytes, string displayName) => Parse(bytes, displayName, Shapes.MaxElements);

    /// <param name="maxNumbers">The most numbers the matrix may have: <see cref="Shapes.MaxElements"/>, smaller in tests.</param>
    internal static CsvResult Parse(ReadOnlySpan<byte> bytes, string displayName, long maxNumbers)
    {
        if (bytes.StartsWith("\uFEFF"u8))
        {
            bytes = bytes[3..];
        }
        if (Unreadable(bytes, displayName) is { } unreadable)
        {
            return new CsvResult(null, unreadable, 0);
        }
        return new Reader(Encoding.UTF8.GetString(bytes), displayName, maxNumbers).Read();
    }

    // ---- Bytes that are not text: the first NUL or the first byte that is not UTF-8, whichever comes first ------

    private static Diagnostic? Unreadable(ReadOnlySpan<byte> bytes, string displayName)
    {
        int nul = bytes.IndexOf((byte)0);
        var beforeNul = nul < 0 ? bytes : bytes[..nul];
        int invalid = Utf8.IsValid(beforeNul) ? -1 : FirstInvalidUtf8(beforeNul);
        return invalid >= 0 ? ByteError(bytes, invalid, displayName, CsvMessages.NotUtf8(bytes[invalid]))
            : nul >= 0 ? ByteError(bytes, nul, displayName, CsvMessages.BinaryData)
            : null;
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        Span<char> scratch = stackalloc char[1024];
        int at = 0;
        while (true)
        {
            var status = Utf8.ToUtf16(bytes[at..], scratch, out int read, out _, replaceInvalidSequences: false);
            at += read;
            if (status == OperationStatus.Done) return -1;
            // InvalidData stops at the bad byte; DestinationTooSmall only asks for another round.
            if (status != OperationStatus.DestinationTooSmall || read == 0) return at;
        }
    }

    /// <summary>An error at byte <paramref name="offset"/>: the bytes before it are UTF-8, so its line and column are
    /// counted there; the rest of its line is decoded with replacement characters, to be shown.</summary>
    private static Diagnostic ByteError(ReadOnlySpan<byte> bytes, int offset, string displayName, string message)
    {
        int lineStart = bytes[..offset].LastIndexOfAny((byte)'\n', (byte)'\r') + 1;
        int lineEnd = bytes[offset..].IndexOfAny((byte)'\n', (byte)'\r') is var end and >= 0 ? offset + end : bytes.Length;
        int number = LineBreaks(bytes[..lineStart], (byte)'\r', (byte)'\n') + 1;
        string text = Encoding.UTF8.GetString(bytes[lineStart..lineEnd]);
        int column = Encoding.UTF8.GetCharCount(bytes[lineStart..offset]);
        return new Diagnostic(Severity.Error, new SourceLine(displayName, number, text), new TextSpan(column, 1), message);
    }

    /// <summary>Line breaks as <see cref="SourceLine.Split"/> counts them: LF, CRLF, or a lone CR.</summary>
    private static int LineBreaks<T>(ReadOnlySpan<T> text, T cr, T lf) where T : IEquatable<T>
    {
        ReadOnlySpan<T> crlf = [cr, lf];
        return text.Count(lf) + text.Count(cr) - text.Count(crlf);
    }

    // ---- Cells ------------------------------------------------------------------------------------------------

    /// <summary>One cell of a line: <c>Start</c> and <c>Length</c> cover it without the blanks around it (quotes
    /// included), the content is what is inside the quotes.</summary>
    private readonly record struct Cell(int Start, int Length, int ContentStart, int ContentLength, bool Quoted);

    private enum CellKind { Number, Empty, NotFinite, NotANumber }

    private const NumberStyles NumberStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    private static (CellKind Kind, double Value) ReadNumber(ReadOnlySpan<char> content)
    {
        var text = content.Trim(Blanks);
        if (text.IsEmpty) return (CellKind.Empty, 0);
        if (double.TryParse(text, NumberStyle, CultureInfo.InvariantCulture, out double value))
        {
            // Overflow gives infinity (1e999), and the parser takes NaN and Infinity as numbers.
            return (double.IsFinite(value) ? CellKind.Number : CellKind.NotFinite, value);
        }
        var unsigned = text[0] is '+' or '-' ? text[1..] : text;
        bool nonFiniteWord = unsigned.Equals("inf", StringComparison.OrdinalIgnoreCase) ||
            unsigned.Equals("infinity", StringComparison.OrdinalIgnoreCase) ||
            unsigned.Equals("nan", StringComparison.OrdinalIgnoreCase);
        return (nonFiniteWord ? CellKind.NotFinite : CellKind.NotANumber, 0);
    }

    private static ReadOnlySpan<char> Blanks => " \t";

    private static int LeadingBlanks(ReadOnlySpan<char> text) => text.Length - text.TrimStart(Blanks).Length;

    /// <summary>The closing quote of the quoted cell opening at <paramref name="open"/> (<c>""</c> inside is a quote
    /// character), or -1 when the line ends first.</summary>
    private static int ClosingQuote(ReadOnlySpan<char> line, int open)
    {
        int from = open + 1;
        while (line[from..].IndexOf('"') is var quote and >= 0)
        {
            int at = from + quote;
            if (at + 1 < line.Length && line[at + 1] == '"')
            {
                from = at + 2;
                continue;
            }
            return at;
        }
        return -1;
    }

    /// <summary>A problem on the line being read, before it is made a diagnostic.</summary>
    private readonly record struct Problem(TextSpan At, string Message);

    /// <summary>
    /// Reads one file, line by line. The values go into one array sized once from the lines left when the first row of
    /// numbers is met: a row is at most a line, so a file that is all rows fills it exactly and the matrix is that
    /// array, not a copy.
    /// </summary>
    private sealed class Reader(string text, string displayName, long maxNumbers)
    {
        private readonly List<Cell> cells = [];

        // The line being read.
        private int lineNumber, lineStart, lineLength;
        private ReadOnlySpan<char> Line => text.AsSpan(lineStart, lineLength);

        private bool seenRow;
        private (int Number, int Start, int Length, int[] CellStarts)? header;
        private int columns, rows, count;
        private double[] values = [];

        public CsvResult Read()
        {
            int next = 0;
            while (next < text.Length)
            {
                lineNumber++;
                lineStart = next;
                int end = text.AsSpan(next).IndexOfAny('\r', '\n') is var found and >= 0 ? next + found : text.Length;
                lineLength = end - lineStart;
                next = end + 1 < text.Length && text[end] == '\r' && text[end + 1] == '\n' ? end + 2 : end + 1;
                if (Line.IndexOfAnyExcept(Blanks) < 0)
                {
                    continue;
                }
                if (ReadRow() is { } error)
                {
                    return new CsvResult(null, error, header?.CellStarts.Length ?? 0);
                }
            }
            int headerColumns = header?.CellStarts.Length ?? 0;
            if (rows == 0)
            {
                string message = text.Length == 0 ? CsvMessages.EmptyFile : header is null ? CsvMessages.OnlyBlankLines : CsvMessages.OnlyHeader;
                int firstLineLength = text.AsSpan().IndexOfAny('\r', '\n') is var firstEnd and >= 0 ? firstEnd : text.Length;
                return new CsvResult(null, Error(1, 0, firstLineLength, new Problem(new TextSpan(0, 0), message)), headerColumns);
            }
            if (values.Length != count)
            {
                Array.Resize(ref values, count);
            }
            return new CsvResult(new Tensor([rows, columns], values), null, headerColumns);
        }

        private Diagnostic? ReadRow()
        {
            if (SplitCells() is { } problem)
            {
                return Error(problem);
            }
            var line = Line;
            if (!seenRow)
            {
                seenRow = true;
                // A header is a first line with text in it; an empty cell alone (`1,,2`) does not make one.
                if (HasText(line))
                {
                    header = (lineNumber, lineStart, lineLength, cells.Select(cell => cell.Start).ToArray());
                    return null;
                }
            }
            if (rows == 0)
            {
                columns = cells.Count;
                if (header is { } h && h.CellStarts.Length != columns)
                {
                    var at = h.CellStarts.Length > columns
                        ? TextSpan.FromBounds(h.CellStarts[columns], h.Length)
                        : new TextSpan(h.Length, 0);
                    return Error(h.Number, h.Start, h.Length, new Problem(at, CsvMessages.HeaderCells(h.CellStarts.Length, columns)));
                }
                long linesLeft = LineBreaks(text.AsSpan(lineStart), '\r', '\n') + (text[^1] is '\r' or '\n' ? 0 : 1);
                values = new double[(int)Math.Min(maxNumbers, columns * linesLeft)];
            }
            else if (cells.Count != columns)
            {
                var at = cells.Count > columns
                    ? TextSpan.FromBounds(cells[columns].Start, line.Length)
                    : new TextSpan(line.Length, 0);
                return Error(new Problem(at, CsvMessages.RaggedRow(cells.Count, columns, rows)));
            }
            if ((long)count + columns > maxNumbers)
            {
                return Error(new Problem(new TextSpan(cells[0].Start, 0), CsvMessages.TooManyNumbers(maxNumbers)));
            }
            if (count + columns > values.Length)
            {
                // Not reached (rows <= lines left); kept so that a miscount costs a copy, not an exception.
                Array.Resize(ref values, (int)Math.Min(maxNumbers, 2L * values.Length + columns));
            }
            foreach (var cell in cells)
            {
                var content = Content(line, cell);
                var (kind, value) = ReadNumber(content);
                if (kind != CellKind.Number)
                {
                    string shown = cell.Quoted ? content.ToString().Replace("\"\"", "\"") : content.ToString();
                    bool last = cell.Start + cell.Length == line.Length;
                    return Error(new Problem(new TextSpan(cell.Start, cell.Length), kind switch
                    {
                        CellKind.Empty => CsvMessages.EmptyCell(lineEndsWithComma: last && !cell.Quoted),
                        CellKind.NotFinite => CsvMessages.NotFinite(shown.Trim(' ', '\t')),
                        _ => CsvMessages.NotANumber(shown.Trim(' ', '\t')),
                    }));
                }
                values[count++] = value;
            }
            rows++;
            return null;
        }

        private bool HasText(ReadOnlySpan<char> line)
        {
            foreach (var cell in cells)
            {
                if (ReadNumber(Content(line, cell)).Kind == CellKind.NotANumber) return true;
            }
            return false;
        }

        private static ReadOnlySpan<char> Content(ReadOnlySpan<char> line, Cell cell) => line.Slice(cell.ContentStart, cell.ContentLength);

        /// <summary>Splits the line into <see cref="cells"/> at its commas, a quoted cell read to its closing quote.</summary>
        private Problem? SplitCells()
        {
            var line = Line;
            cells.Clear();
            int from = 0;
            while (true)
            {
                if (cells.Count == MaxColumns)
                {
                    return new Problem(new TextSpan(from, 0), CsvMessages.TooManyColumns(MaxColumns));
                }
                int start = from + LeadingBlanks(line[from..]);
                int comma;
                if (start < line.Length && line[start] == '"')
                {
                    int close = ClosingQuote(line, start);
                    if (close < 0)
                    {
                        return new Problem(new TextSpan(start, 1), CsvMessages.UnclosedQuote);
                    }
                    int after = close + 1 + LeadingBlanks(line[(close + 1)..]);
                    if (after < line.Length && line[after] != ',')
                    {
                        return new Problem(new TextSpan(after, 1), CsvMessages.AfterClosingQuote);
                    }
                    cells.Add(new Cell(start, close + 1 - start, start + 1, close - start - 1, Quoted: true));
                    comma = after < line.Length ? after : -1;
                }
                else
                {
                    comma = line[from..].IndexOf(',') is var found and >= 0 ? from + found : -1;
                    int stop = comma < 0 ? line.Length : comma;
                    int length = line[start..stop].TrimEnd(Blanks).Length;
                    cells.Add(new Cell(start, length, start, length, Quoted: false));
                }
                if (comma < 0)
                {
                    return null;
                }
                from = comma + 1;
            }
        }

        private Diagnostic Error(Problem problem) => Error(lineNumber, lineStart, lineLength, problem);

        private Diagnostic Error(int number, int start, int length, Problem problem) => new(Severity.Error,
            new SourceLine(displayName, number, text.Substring(start, length)), problem.At, problem.Message);
    }

    /// <summary>Every sentence <see cref="CsvTable"/> says about a file.</summary>
    internal static class CsvMessages
    {
        public static string NotANumber(string cell) => $"'{Shorten(cell)}' is not a number";

        public static string NotFinite(string cell) => $"'{Shorten(cell)}' is not a finite number";

        public static string EmptyCell(bool lineEndsWithComma) =>
            lineEndsWithComma ? "empty cell: the line ends with a comma" : "empty cell: expected a number";

        public static string RaggedRow(int cells, int expected, int rowsBefore) =>
            $"this row has {Cells(cells)}; {(rowsBefore == 1 ? "the row before it has" : "the rows before it have")} {expected:N0}";

        public static string HeaderCells(int header, int data) =>
            $"the header has {Cells(header)}; the rows of numbers after it have {data:N0}";

        public const string EmptyFile = "no rows of numbers: the file is empty";

        public const string OnlyBlankLines = "no rows of numbers: the file has only blank lines";

        public const string OnlyHeader = "no rows of numbers: the file has only a header line";

        public const string BinaryData = "binary data (a NUL byte): not a CSV file of numbers";

        public static string NotUtf8(byte value) => $"not UTF-8 (a byte 0x{value:X2} here): save the file as UTF-8 text";

        public const string UnclosedQuote = "this quote is not closed on its line";

        public const string AfterClosingQuote = "expected a comma after the closing quote";

        public static string TooManyColumns(int limit) => $"a row has more than {limit:N0} cells (the most a row may have)";

        public static string TooManyNumbers(long limit) =>
            $"the file has more than {limit:N0} numbers (the most one tensor may have)";

        private static string Cells(int n) => n == 1 ? "1 cell" : $"{n:N0} cells";

        /// <summary>At most 40 characters, made printable; a surrogate pair is never cut in half.</summary>
        private static string Shorten(string text)
        {
            if (text.Length > 40)
            {
                int keep = char.IsHighSurrogate(text[38]) ? 38 : 39;
                text = text[..keep] + "…";
            }
            return Printable.Show(text);
        }
    }
}
