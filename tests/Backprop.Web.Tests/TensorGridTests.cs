using Backprop.Lang.Tensors;
using Backprop.Web.Components;
using Backprop.Web.Model;
using Bunit;

namespace Backprop.Web.Tests;

/// <summary>A tensor as the page draws it: a grid with its shape, numpy's ellipsis past 8 along an axis, gradients as a heatmap.</summary>
public sealed class TensorGridTests : BunitContext
{
    private IRenderedComponent<TensorGrid> Grid(Tensor tensor, bool heatmap = false) =>
        Render<TensorGrid>(p => p.Add(g => g.Tensor, tensor).Add(g => g.Heatmap, heatmap));

    private static Tensor Counting(params int[] shape) =>
        new(shape, Enumerable.Range(0, Shapes.Count(shape)).Select(i => (double)i).ToArray());

    private static string[][] Cells(IRenderedComponent<TensorGrid> grid) =>
        grid.FindAll("tr").Select(tr => tr.QuerySelectorAll("td").Select(td => td.TextContent).ToArray()).ToArray();

    [Fact]
    public void Matrix_ShowsEveryElementInRows_WithItsShapeBeneath()
    {
        var grid = Grid(new Tensor([2, 3], [1, 2, 3, 4, 5, 6.5]));
        Assert.Equal([["1", "2", "3"], ["4", "5", "6.5"]], Cells(grid));
        Assert.Equal("2×3", grid.Find("[data-testid=tensor-grid] [data-testid=tensor-shape]").TextContent);
        Assert.Equal("2×3", grid.Find("[data-testid=tensor-grid]").GetAttribute("data-shape"));
        Assert.Empty(grid.FindAll("table.heatmap"));
    }

    [Fact]
    public void Vector_IsOneRow()
    {
        var grid = Grid(new Tensor([3], [1, -1, 0.5]));
        Assert.Equal([["1", "-1", "0.5"]], Cells(grid));
        Assert.Equal("3", grid.Find("[data-testid=tensor-shape]").TextContent);
    }

    [Fact]
    public void LongAxes_ShowTheirFirstAndLastThree_AroundAnEllipsis_AsNumpyDoes()
    {
        var cells = Cells(Grid(Counting(20, 20)));
        Assert.Equal(7, cells.Length);
        Assert.Equal(["0", "1", "2", "…", "17", "18", "19"], cells[0]);
        Assert.Equal(["⋮", "⋮", "⋮", "⋱", "⋮", "⋮", "⋮"], cells[3]);
        Assert.Equal(["380", "381", "382", "…", "397", "398", "399"], cells[6]);
        Assert.All(cells, row => Assert.Equal(7, row.Length));
    }

    [Fact]
    public void EightAlongAnAxis_AreAllShown()
    {
        var cells = Cells(Grid(Counting(8, 8)));
        Assert.Equal(8, cells.Length);
        Assert.All(cells, row => Assert.Equal(8, row.Length));
    }

    [Fact]
    public void Elements_KeepSixSignificantDigits_TheTitleHasThemAll()
    {
        var grid = Grid(new Tensor([2], [1.0 / 3, 2e-9]));
        Assert.Equal([["0.333333", "2e-9"]], Cells(grid));
        Assert.Equal("[0] = 0.333333333333", grid.Find("td").GetAttribute("title"));
    }

    [Fact]
    public void Heatmap_ColoursEachCellBySign_AndBySizeAgainstTheLargest()
    {
        var grid = Grid(new Tensor([2, 2], [-2, 1, 0, 4]), heatmap: true);
        var cells = grid.FindAll("td");
        Assert.Equal(["negative", "positive", "zero", "positive"], cells.Select(td => td.ClassName ?? "").ToArray());
        // The largest is the page's full gradient red with white text; -2 is half as strong, in blue; 0 stays white.
        Assert.Contains("background-color: #c0392b", cells[3].GetAttribute("style"));
        Assert.Contains("color: #fff", cells[3].GetAttribute("style"));
        Assert.Contains("background-color: #90b2d6", cells[0].GetAttribute("style"));
        Assert.Contains("color: #222", cells[0].GetAttribute("style"));
        Assert.Contains("background-color: #ffffff", cells[2].GetAttribute("style"));
        Assert.Equal(["-2", "1", "0", "4"], cells.Select(td => td.TextContent).ToArray());
        Assert.Equal("2×2", grid.Find("[data-testid=tensor-shape]").TextContent);
    }

    [Theory]
    [InlineData(4, 4, 1.0)]
    [InlineData(-1, 4, 0.25)]
    [InlineData(double.PositiveInfinity, 4, 1.0)]
    [InlineData(0, 0, 0.0)]
    public void Heat_StrengthIsTheSizeAgainstTheLargest(double value, double largest, double strength) =>
        Assert.Equal(strength, TensorDisplay.HeatOf(value, largest).Strength, 12);

    [Fact]
    public void Heatmap_NaN_IsUndefined_AndGrey()
    {
        var cell = Grid(new Tensor([2], [double.NaN, 1]), heatmap: true).Find("td");
        Assert.Equal("undefined", cell.ClassName);
        Assert.Equal("NaN", cell.TextContent);
    }

    [Fact]
    public void ThreeAxes_StackTheirMatrices_EachNewBlockMarked()
    {
        var grid = Grid(Counting(2, 2, 3));
        Assert.Equal(4, grid.FindAll("tr").Count);
        Assert.Equal([false, false, true, false], grid.FindAll("tr").Select(tr => tr.ClassList.Contains("block")).ToArray());
        Assert.Equal("[1, 0, 2] = 8", grid.FindAll("td")[8].GetAttribute("title"));
    }

    [Fact]
    public void Number_IsPlainText_NotAGrid()
    {
        var grid = Grid(Tensor.Scalar(2.5));
        Assert.Empty(grid.FindAll("[data-testid=tensor-grid]"));
        Assert.Equal("2.5", grid.Find("span.scalar").TextContent);
    }

    [Theory]
    [InlineData(new[] { 2 }, "[0, 1] (2)")]
    [InlineData(new[] { 2, 2 }, "2×2")]
    [InlineData(new[] { 784, 50 }, "784×50")]
    public void EdgeLabel_IsTheShape_WithTheElementsWhenAFewFitOnTheEdge(int[] shape, string expected) =>
        Assert.Equal(expected, TensorDisplay.Edge(Counting(shape)));

    [Fact]
    public void Brief_IsOneLine_WithoutTheGridsAlignment() =>
        Assert.Equal("[[1, -2], [30, 4]]", TensorDisplay.Brief(new Tensor([2, 2], [1, -2, 30, 4])));
}
