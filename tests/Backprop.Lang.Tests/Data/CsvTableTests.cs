using System.Globalization;
using System.Text;
using Backprop.Lang.Data;
using CsCheck;

namespace Backprop.Lang.Tests.Data;

/// <summary>
/// load_csv's reader: files of numbers become matrices; every error names its line, and its span (marked inside the
/// line with ⟦ ⟧, see <see cref="Marked"/>) is the offending cell.
/// </summary>
public class CsvTableTests
{
    private const string Name = "points.csv";

    private static CsvResult Parse(string file) => CsvTable.Parse(Encoding.UTF8.GetBytes(file), Name);

    private static void AssertMatrix(CsvResult result, int rows, int columns, double[] data)
    {
        Assert.True(result.Succeeded, result.Error?.ToString());
        Assert.Null(result.Error);
        Assert.Equal([rows, columns], result.Matrix.Shape);
        Assert.Equal(data, result.Matrix.Data);
    }

    private static void AssertError(CsvResult result, int line, string marked, string message)
    {
        var expected = Marked.Parse(marked);
        Assert.False(result.Succeeded);
        Assert.Null(result.Matrix);
        var error = result.Error;
        Assert.True(error.IsError);
        Assert.Equal(Name, error.Path);
        Assert.Equal(message, error.Message);
        Assert.Equal(line, error.Line);
        Assert.Equal(expected.Text, error.Source.Text);
        Assert.Equal(expected.Span, error.Span);
        Assert.Equal(expected.Column, error.Column);
    }

    // ---- Files that are matrices ------------------------------------------------------------------------------

    [Theory]
    [InlineData("1,2,3\n4,5,6\n", 2, 3, new[] { 1.0, 2, 3, 4, 5, 6 }, 0)]
    [InlineData("1,2,3\n4,5,6", 2, 3, new[] { 1.0, 2, 3, 4, 5, 6 }, 0)]
    [InlineData("x,y\n1,2\n3,4\n", 2, 2, new[] { 1.0, 2, 3, 4 }, 2)]
    [InlineData("\"x\",\"y (m)\"\n1,2\n", 1, 2, new[] { 1.0, 2 }, 2)]
    [InlineData(",a,b\n0,1,2\n", 1, 3, new[] { 0.0, 1, 2 }, 3)]
    [InlineData("\n\nx,y\n\n1,2\n  \n\t\n3,4\n\n\n", 2, 2, new[] { 1.0, 2, 3, 4 }, 2)]
    [InlineData("1,2\r\n3,4\r\n", 2, 2, new[] { 1.0, 2, 3, 4 }, 0)]
    [InlineData("1,2\r3,4\r", 2, 2, new[] { 1.0, 2, 3, 4 }, 0)]
    [InlineData("1\n2\n3\n", 3, 1, new[] { 1.0, 2, 3 }, 0)]
    [InlineData("y\n1\n2\n", 2, 1, new[] { 1.0, 2 }, 1)]
    [InlineData("7", 1, 1, new[] { 7.0 }, 0)]
    [InlineData("\"1.5\",\"-2\"\n\" 3 \",4\n", 2, 2, new[] { 1.5, -2, 3, 4 }, 0)]
    [InlineData("1, \"2\" ,3\n", 1, 3, new[] { 1.0, 2, 3 }, 0)]
    [InlineData("1.5,-2,1e-3,+4, 5 ,\t6\t,.5,7.,1E3,-0", 1, 10, new[] { 1.5, -2, 1e-3, 4, 5, 6, 0.5, 7, 1000, -0.0 }, 0)]
    [InlineData("1.7976931348623157e308,4.9e-324,1e-400", 1, 3, new[] { double.MaxValue, double.Epsilon, 0.0 }, 0)]
    public void Parse_Matrix_GivesRowsByColumns(string file, int rows, int columns, double[] data, int header)
    {
        var result = Parse(file);

        AssertMatrix(result, rows, columns, data);
        Assert.Equal(header, result.HeaderColumns);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsSkipped()
    {
        byte[] file = [0xEF, 0xBB, 0xBF, .. "x,y\n1,2\n"u8];

        var result = CsvTable.Parse(file, Name);

        AssertMatrix(result, 1, 2, [1, 2]);
        Assert.Equal(2, result.HeaderColumns);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsNotAColumn() =>
        AssertError(CsvTable.Parse([0xEF, 0xBB, 0xBF, .. "1,2,\n"u8], Name), 1, "1,2,⟦⟧", "empty cell: the line ends with a comma");

    [Fact]
    public void Parse_RandomMatrices_ComeBackBitForBit()
    {
        // The oracle: a matrix written out as CSV, with any of the allowed spellings around each number, reads back
        // as the same doubles.
        var number = Gen.Double.Where(double.IsFinite);
        var spelling = Gen.OneOf("{0}", " {0}", "{0} ", "\t{0}", "\"{0}\"", " \"{0}\" ", "\" {0}\"");
        var lineEnd = Gen.OneOf("\n", "\r\n", "\r", "\n\n", "\n  \n");
        var matrix = Gen.Int[1, 6].SelectMany<int, (double, string)[][]>(columns => Gen.Select(number, spelling).Array[columns].Array[1, 6]);
        Gen.Select(matrix, lineEnd, Gen.Bool).Sample((rows, end, header) =>
        {
            var file = new StringBuilder(header ? string.Join(",", rows[0].Select((_, i) => $"c{i}")) + end : "");
            foreach (var row in rows)
            {
                file.Append(string.Join(",", row.Select(cell =>
                    string.Format(CultureInfo.InvariantCulture, cell.Item2, cell.Item1.ToString("R", CultureInfo.InvariantCulture)))));
                file.Append(end);
            }
            var result = Parse(file.ToString());
            return result.Succeeded
                && result.Matrix.Shape.SequenceEqual([rows.Length, rows[0].Length])
                && result.Matrix.Data.SequenceEqual(rows.SelectMany(row => row.Select(cell => cell.Item1)))
                && result.HeaderColumns == (header ? rows[0].Length : 0);
        }, iter: 2_000);
    }

    // ---- Errors in the text -----------------------------------------------------------------------------------

    [Theory]
    // A cell that is not a number, at its own column, without the blanks or with the quotes around it.
    [InlineData("a,b\n1,2\n\n3,4\n5,6\n7,8\n9,x1\n", 7, "9,⟦x1⟧", "'x1' is not a number")]
    [InlineData("1,2\n3,  x1 \n", 2, "3,  ⟦x1⟧ ", "'x1' is not a number")]
    [InlineData("1,2\n3,\"x\"\n", 2, "3,⟦\"x\"⟧", "'x' is not a number")]
    [InlineData("1,2\n3,\"a\"\"b\"\n", 2, "3,⟦\"a\"\"b\"⟧", "'a\"b' is not a number")]
    [InlineData("1,2\n3,1,5\n", 2, "3,1,⟦5⟧", "this row has 3 cells; the row before it has 2")]
    [InlineData("x,y\nu,v\n", 2, "⟦u⟧,v", "'u' is not a number")]
    [InlineData("1,2\n3,1e\n", 2, "3,⟦1e⟧", "'1e' is not a number")]
    [InlineData("1,2\n3,0x10\n", 2, "3,⟦0x10⟧", "'0x10' is not a number")]
    [InlineData("1,2\n3,1_000\n", 2, "3,⟦1_000⟧", "'1_000' is not a number")]
    [InlineData("1,2\n3,--1\n", 2, "3,⟦--1⟧", "'--1' is not a number")]
    [InlineData("1,2\n3,\u001b[2J\n", 2, "3,⟦\u001b[2J⟧", "'␛[2J' is not a number")]
    [InlineData("1,2\n3,\u202Ex\n", 2, "3,⟦\u202Ex⟧", "'\uFFFDx' is not a number")]
    [InlineData("1,2\n3,é\n", 2, "3,⟦é⟧", "'é' is not a number")]
    [InlineData("1,2\n\"😀\",2,3\n", 2, "\"😀\",2,⟦3⟧", "this row has 3 cells; the row before it has 2")]
    // Empty cells.
    [InlineData("1,2,3\n4,,6\n", 2, "4,⟦⟧,6", "empty cell: expected a number")]
    [InlineData("1,2,3\n4,   ,6\n", 2, "4,   ⟦⟧,6", "empty cell: expected a number")]
    [InlineData("1,2,3\n4,\"\",6\n", 2, "4,⟦\"\"⟧,6", "empty cell: expected a number")]
    [InlineData("1,,2\n", 1, "1,⟦⟧,2", "empty cell: expected a number")]
    [InlineData("1,2,\n3,4,\n", 1, "1,2,⟦⟧", "empty cell: the line ends with a comma")]
    [InlineData(",\n", 1, "⟦⟧,", "empty cell: expected a number")]
    // Numbers that are not finite.
    [InlineData("1,nan\n", 1, "1,⟦nan⟧", "'nan' is not a finite number")]
    [InlineData("1,NaN\n", 1, "1,⟦NaN⟧", "'NaN' is not a finite number")]
    [InlineData("1,inf\n", 1, "1,⟦inf⟧", "'inf' is not a finite number")]
    [InlineData("1, -inf\n", 1, "1, ⟦-inf⟧", "'-inf' is not a finite number")]
    [InlineData("1,+Inf\n", 1, "1,⟦+Inf⟧", "'+Inf' is not a finite number")]
    [InlineData("1,Infinity\n", 1, "1,⟦Infinity⟧", "'Infinity' is not a finite number")]
    [InlineData("1,-Infinity\n", 1, "1,⟦-Infinity⟧", "'-Infinity' is not a finite number")]
    [InlineData("x,y\n1,\"NaN\"\n", 2, "1,⟦\"NaN\"⟧", "'NaN' is not a finite number")]
    [InlineData("1,2\n1e999,2\n", 2, "⟦1e999⟧,2", "'1e999' is not a finite number")]
    [InlineData("1,2\n-1e999,2\n", 2, "⟦-1e999⟧,2", "'-1e999' is not a finite number")]
    // Ragged rows: the span at the first extra cell, or at the end of the line when cells are missing.
    [InlineData("1,2,3,4\n1,2,3,4\n1,2,3\n", 3, "1,2,3⟦⟧", "this row has 3 cells; the rows before it have 4")]
    [InlineData("1,2,3,4\n5,6,7,8\n1,2,3,4,5,6\n", 3, "1,2,3,4,⟦5,6⟧", "this row has 6 cells; the rows before it have 4")]
    [InlineData("1,2\n3\n", 2, "3⟦⟧", "this row has 1 cell; the row before it has 2")]
    [InlineData("1,2\n3,4,\n", 2, "3,4,⟦⟧", "this row has 3 cells; the row before it has 2")]
    [InlineData("1,2\n3,x,5\n", 2, "3,x,⟦5⟧", "this row has 3 cells; the row before it has 2")]
    // The header's cells against the rows of numbers: the error is on the header line.
    [InlineData("x,y,z\n1,2\n", 1, "x,y,⟦z⟧", "the header has 3 cells; the rows of numbers after it have 2")]
    [InlineData("x\n1,2\n", 1, "x⟦⟧", "the header has 1 cell; the rows of numbers after it have 2")]
    [InlineData("\n\nx,y\n\n1\n", 3, "x,⟦y⟧", "the header has 2 cells; the rows of numbers after it have 1")]
    // Quotes.
    [InlineData("1,2\n3,\"4\n5,6\"\n", 2, "3,⟦\"⟧4", "this quote is not closed on its line")]
    [InlineData("1,\"2\"x\n", 1, "1,\"2\"⟦x⟧", "expected a comma after the closing quote")]
    [InlineData("1,\"2\" 3\n", 1, "1,\"2\" ⟦3⟧", "expected a comma after the closing quote")]
    [InlineData("1,2\n3,1\"2\n", 2, "3,⟦1\"2⟧", "'1\"2' is not a number")]
    // Line endings count as lines, whichever they are.
    [InlineData("1,2\r\n3,4\r\n5,x\r\n", 3, "5,⟦x⟧", "'x' is not a number")]
    [InlineData("1,2\r3,4\r5,x", 3, "5,⟦x⟧", "'x' is not a number")]
    [InlineData("1,2\n\r\n\r3,x\n", 4, "3,⟦x⟧", "'x' is not a number")]
    // No rows of numbers.
    [InlineData("", 1, "⟦⟧", "no rows of numbers: the file is empty")]
    [InlineData("\n  \n\n", 1, "⟦⟧", "no rows of numbers: the file has only blank lines")]
    [InlineData("x,y\n", 1, "⟦⟧x,y", "no rows of numbers: the file has only a header line")]
    [InlineData("\nx,y\n\n", 1, "⟦⟧", "no rows of numbers: the file has only a header line")]
    public void Parse_BadText_ReportsTheLineAndTheCell(string file, int line, string marked, string message) =>
        AssertError(Parse(file), line, marked, message);

    [Fact]
    public void Parse_Error_KeepsTheHeaderCount()
    {
        Assert.Equal(3, Parse("a,b,c\n1,2,x\n").HeaderColumns);
        Assert.Equal(0, Parse("1,2\n1,x\n").HeaderColumns);
    }

    [Fact]
    public void Parse_LongCell_IsShortenedInTheMessage()
    {
        string cell = new('x', 100);

        var result = Parse("1,2\n3," + cell + "\n");

        AssertError(result, 2, "3,⟦" + cell + "⟧", "'" + new string('x', 39) + "…' is not a number");
    }

    [Fact]
    public void Parse_Error_PrintsTheLineWithACaretUnderTheCell()
    {
        var result = Parse("a,b\n1,2\n\n3,4\n5,6\n7,8\n9,x1\n");

        Assert.Equal("points.csv:7:3: error: 'x1' is not a number\n  9,x1\n    ^^", result.Error!.ToString());
    }

    // ---- Bytes that are not UTF-8 text ------------------------------------------------------------------------

    [Fact]
    public void Parse_NulByte_IsBinaryDataAtItsLineAndColumn()
    {
        var result = CsvTable.Parse([.. "1,2\n3,"u8, 0, .. "4\n"u8], Name);

        AssertError(result, 2, "3,⟦\0⟧4", "binary data (a NUL byte): not a CSV file of numbers");
        Assert.EndsWith("\n  3,␀4\n    ^", result.Error!.ToString());
    }

    [Theory]
    [InlineData(new byte[] { (byte)'1', (byte)',', 0xFF, (byte)'\n' }, 1, "1,⟦\uFFFD⟧", "not UTF-8 (a byte 0xFF here): save the file as UTF-8 text")]
    [InlineData(new byte[] { (byte)'1', (byte)'\r', (byte)'\n', (byte)'2', (byte)'\r', (byte)'\n', (byte)'c', (byte)'a', (byte)'f', 0xE9, (byte)'\n', (byte)'9' },
        3, "caf⟦\uFFFD⟧", "not UTF-8 (a byte 0xE9 here): save the file as UTF-8 text")]
    [InlineData(new byte[] { (byte)'1', (byte)',', 0xC3, 0xA9, 0xC3, (byte)',', (byte)'2' }, 1, "1,é⟦\uFFFD⟧,2", "not UTF-8 (a byte 0xC3 here): save the file as UTF-8 text")]
    [InlineData(new byte[] { 0xFF, 0xFE, (byte)'1', 0, (byte)',', 0 }, 1, "⟦\uFFFD⟧\uFFFD1\0,\0", "not UTF-8 (a byte 0xFF here): save the file as UTF-8 text")]
    [InlineData(new byte[] { (byte)'1', 0, 0xFF }, 1, "1⟦\0⟧\uFFFD", "binary data (a NUL byte): not a CSV file of numbers")]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, (byte)'x', 0 }, 1, "x⟦\0⟧", "binary data (a NUL byte): not a CSV file of numbers")]
    public void Parse_BadBytes_ReportsTheFirstAtItsLineAndColumn(byte[] file, int line, string marked, string message) =>
        AssertError(CsvTable.Parse(file, Name), line, marked, message);

    [Fact]
    public void Parse_MegabyteOfRandomBytes_ReturnsAnErrorWithoutThrowing()
    {
        var random = new Random(1234);
        var blob = new byte[1 << 20];
        random.NextBytes(blob);

        var result = CsvTable.Parse(blob, Name);

        Assert.Null(result.Matrix);
        Assert.NotNull(result.Error);
    }

    [Theory]
    [InlineData("0123456789.,-+e \t\r\n\"x")]
    [InlineData("0123456789,\n")]
    [InlineData(",\"")]
    public void Parse_MegabyteOfRandomText_NeverThrows(string alphabet)
    {
        var random = new Random(alphabet.Length);
        var text = new char[1 << 20];
        for (int i = 0; i < text.Length; i++)
        {
            text[i] = alphabet[random.Next(alphabet.Length)];
        }

        var result = Parse(new string(text));

        Assert.True(result.Matrix is null != result.Error is null);
    }

    [Fact]
    public void Parse_RandomShortBytes_NeverThrowsAndPointsInsideTheLine()
    {
        // Mostly the bytes CSV is made of, some of anything, so that both the text rules and the byte rules are met.
        var csvish = Gen.OneOf("0"u8.ToArray(), "1"u8.ToArray(), "."u8.ToArray(), ","u8.ToArray(), "-"u8.ToArray(),
            "e"u8.ToArray(), " "u8.ToArray(), "\t"u8.ToArray(), "\n"u8.ToArray(), "\r"u8.ToArray(), "\""u8.ToArray(),
            "x"u8.ToArray(), "nan"u8.ToArray(), "\uFEFF"u8.ToArray(), "é"u8.ToArray(), "😀"u8.ToArray());
        var piece = Gen.Frequency((8, (IGen<byte[]>)csvish), (1, Gen.Byte.Array[1]));
        piece.Array[0, 24].Select(pieces => pieces.SelectMany(p => p).ToArray()).Sample(bytes =>
        {
            var result = CsvTable.Parse(bytes, Name);
            if (result.Error is { } error)
            {
                return result.Matrix is null && error.Span.Start >= 0 && error.Span.End <= error.Source.Text.Length
                    && error.Line >= 1 && error.ToString().Length > 0;
            }
            return result.Matrix is { } m && m.Rank == 2 && m.Shape[0] * m.Shape[1] == m.Data.Length && m.Data.All(double.IsFinite);
        }, iter: 50_000);
    }

    // ---- Limits -----------------------------------------------------------------------------------------------

    [Fact]
    public void Parse_TooManyColumns_IsAnErrorAtTheFirstCellPastTheLimit()
    {
        string line = string.Join(",", Enumerable.Repeat("1", CsvTable.MaxColumns + 5));

        var result = Parse("1\n" + line + "\n");

        Assert.False(result.Succeeded);
        Assert.Equal("a row has more than 100,000 cells (the most a row may have)", result.Error.Message);
        Assert.Equal(2, result.Error.Line);
        Assert.Equal(2 * CsvTable.MaxColumns, result.Error.Span.Start);
    }

    [Fact]
    public void Parse_AsManyColumnsAsTheLimit_IsAMatrix()
    {
        string line = string.Join(",", Enumerable.Repeat("1", CsvTable.MaxColumns));

        AssertMatrix(Parse(line + "\n" + line), 2, CsvTable.MaxColumns, Enumerable.Repeat(1.0, 2 * CsvTable.MaxColumns).ToArray());
    }

    [Fact]
    public void Parse_TooManyNumbers_IsAnErrorAtTheRowPastTheLimit()
    {
        var file = Encoding.UTF8.GetBytes("x,y\n1,2\n3,4\n\n5,6\n7,8\n");

        Assert.True(CsvTable.Parse(file, Name, maxNumbers: 8).Succeeded);
        AssertError(CsvTable.Parse(file, Name, maxNumbers: 7), 6, "⟦⟧7,8", "the file has more than 7 numbers (the most one tensor may have)");
    }

    [Fact]
    public void Parse_TooManyNumbers_NamesTheTensorLimit() =>
        Assert.Equal("the file has more than 50,000,000 numbers (the most one tensor may have)",
            CsvTable.CsvMessages.TooManyNumbers(Backprop.Lang.Tensors.Shapes.MaxElements));
}
