using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Lang.Tensors;

/// <summary>
/// The matrix product, ours: C = op(A)·op(B) over row-major spans, where op transposes when asked (the Affine and
/// MatMul layers' backward needs Aᵀ·B and A·Bᵀ without copying). Managed code only, so it runs in the browser too.
/// </summary>
/// <remarks>
/// The way fast matrix products are built (Goto and van de Geijn's, as in OpenBLAS and BLIS): a block of op(B) is
/// copied ("packed") into column panels a tile wide, a block of op(A) into row panels a tile high, both in the order
/// the inner loop reads them, so that loop walks two arrays straight through whatever the transposes were. The inner
/// loop keeps a tile of C in registers (<see cref="TileRows"/> rows by two vectors of columns), one multiply-add per
/// vector per step of the shared axis. Blocks along the shared axis keep a panel of op(B) in L1 and the block of op(A)
/// in L2. Even the spiral net's 30×2·2×10 is faster packed than by a plain loop (measured: 0.3 µs against 0.4 µs).
/// bench/tensor/results.md has the figures against numpy and PyTorch.
/// </remarks>
public static class MatrixProduct
{
    // Rows of C in the register tile: 6 rows × 2 vectors are 12 accumulators, which with the two vectors of B and the
    // broadcast element of A fit the 16 vector registers of AVX2. (4 rows would give 8 independent sums, just enough
    // for two multiply-add units of 4 cycles' latency, with no slack for the loads.)
    private const int TileRows = 6;

    // The shared axis is taken in blocks this deep: a packed panel of op(B) (256 × 8 doubles, 16 KiB) then stays in
    // L1 while every row panel of the A block passes over it.
    private const int DepthBlock = 256;

    // Rows of op(A) packed at once: 120 × 256 doubles (240 KiB) stay in L2; the book's batch of 100 is one block.
    private const int RowBlock = 120;

    // Columns of op(B) packed at once: 256 × 1024 doubles (2 MiB) in L3; the book's widest operand (784) fits whole.
    private const int ColumnBlock = 1024;

    // Packed panels up to this many elements (2 KiB) go on the stack: faster than the pool (1×1 products in 40 ns, not
    // 100), until zeroing what stackalloc hands out costs more than renting (about 500 elements on this machine).
    private const int StackScratch = 256;

    /// <summary>Columns of C in the register tile: two vectors' worth, or 4 where vectors are not accelerated.</summary>
    private static int TileColumns => Vector.IsHardwareAccelerated ? 2 * Vector<double>.Count : 4;

    /// <summary>
    /// How wide the panel at <paramref name="column"/> of <paramref name="columns"/> is: a whole tile, or one vector when
    /// no more than a vector is left, so 50 columns are 6 tiles and a half, and 3 columns half a tile, not one of 8.
    /// </summary>
    private static int PanelWidth(int column, int columns, int tileColumns)
    {
        int left = columns - column;
        return Vector.IsHardwareAccelerated && left <= Vector<double>.Count ? Vector<double>.Count : tileColumns;
    }

    /// <summary>
    /// Writes op(A)·op(B) into <paramref name="c"/> (m×n, overwritten). op(A) is m×k: A itself (m×k) or, with
    /// <paramref name="transposeA"/>, the transpose of a k×m A. op(B) is k×n: B (k×n) or the transpose of an n×k B.
    /// Every term is formed, as numpy forms it: a zero in one operand times an infinity or NaN in the other is NaN.
    /// </summary>
    public static void Multiply(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n,
        bool transposeA = false, bool transposeB = false)
    {
        if (m < 0 || k < 0 || n < 0 || a.Length < (long)m * k || b.Length < (long)k * n || c.Length < (long)m * n)
        {
            throw new ArgumentException("The spans are smaller than the shapes say.");
        }
        if (k == 0)
        {
            c[..(m * n)].Clear();
            return;
        }
        if (m == 0 || n == 0)
        {
            return;
        }
        MultiplyPacked(a, b, c, m, k, n, transposeA, transposeB);
    }

    // The first block of the shared axis writes C, the others add into it.
    private static void MultiplyPacked(ReadOnlySpan<double> a, ReadOnlySpan<double> b, Span<double> c, int m, int k, int n,
        bool transposeA, bool transposeB)
    {
        int tileColumns = TileColumns;
        // Blocks of equal depth: 784 is four of 196, not three of 256 and a thin one of 16.
        int depth = DivideRoundingUp(k, DivideRoundingUp(k, DepthBlock));
        int sizeA = depth * Math.Min(RoundUp(m, TileRows), RowBlock);
        int sizeB = depth * Math.Min(RoundUp(n, tileColumns), ColumnBlock);
        double[]? rented = null;
        var scratch = sizeA + sizeB <= StackScratch
            ? stackalloc double[sizeA + sizeB]
            : (rented = ArrayPool<double>.Shared.Rent(sizeA + sizeB));
        var packedA = scratch[..sizeA];
        var packedB = scratch.Slice(sizeA, sizeB);
        Span<double> edge = stackalloc double[TileRows * tileColumns];
        for (int j0 = 0; j0 < n; j0 += ColumnBlock)
        {
            int columns = Math.Min(ColumnBlock, n - j0);
            for (int p0 = 0; p0 < k; p0 += depth)
            {
                int kc = Math.Min(depth, k - p0);
                PackB(b, packedB, p0, kc, j0, columns, k, n, transposeB, tileColumns);
                for (int i0 = 0; i0 < m; i0 += RowBlock)
                {
                    int rows = Math.Min(RowBlock, m - i0);
                    PackA(a, packedA, i0, rows, p0, kc, m, k, transposeA);
                    for (int jr = 0; jr < columns; jr += tileColumns)
                    {
                        int panelWidth = PanelWidth(jr, columns, tileColumns);
                        var panelB = packedB.Slice(jr * kc, kc * panelWidth);
                        int tileWidth = Math.Min(panelWidth, columns - jr);
                        for (int ir = 0; ir < rows; ir += TileRows)
                        {
                            var panelA = packedA.Slice(ir * kc, kc * TileRows);
                            int tileHeight = Math.Min(TileRows, rows - ir);
                            var target = c[((i0 + ir) * n + j0 + jr)..];
                            if (tileHeight == TileRows && tileWidth == panelWidth)
                            {
                                MultiplyTile(panelA, panelB, kc, panelWidth, target, n, accumulate: p0 > 0);
                                continue;
                            }
                            // A tile at the bottom or right edge: the padded tile is made whole, and its part inside C kept.
                            MultiplyTile(panelA, panelB, kc, panelWidth, edge, panelWidth, accumulate: false);
                            // (Loops, not CopyTo: a row of an edge tile is a few elements, shorter than a call to copy them.)
                            for (int r = 0; r < tileHeight; r++)
                            {
                                for (int j = 0; j < tileWidth; j++)
                                {
                                    target[r * n + j] = (p0 > 0 ? target[r * n + j] : 0) + edge[r * panelWidth + j];
                                }
                            }
                        }
                    }
                }
            }
        }
        if (rented is not null)
        {
            ArrayPool<double>.Shared.Return(rented);
        }
    }

    /// <summary>
    /// op(A)[i0.., p0..] as row panels: panel r holds rows i0 + r·TileRows onward, and for each step p of the shared
    /// axis their TileRows elements side by side. Rows past the end are zeros.
    /// </summary>
    /// <remarks>
    /// Packing took a third of the time of the book's products when written as plain indexed loops (the bounds checks
    /// and loop counting cost more than the copy), so a whole panel is copied a step at a time, all its rows at once,
    /// through references into spans whose extents the slices have checked.
    /// </remarks>
    private static void PackA(ReadOnlySpan<double> a, Span<double> packed, int i0, int rows, int p0, int kc, int m, int k,
        bool transposeA)
    {
        for (int ir = 0; ir < rows; ir += TileRows)
        {
            var panel = packed.Slice(ir * kc, kc * TileRows);
            int height = Math.Min(TileRows, rows - ir);
            ref double to = ref MemoryMarshal.GetReference(panel);
            if (height < TileRows)
            {
                panel.Clear();
                for (int r = 0; r < height; r++)
                {
                    for (int p = 0; p < kc; p++)
                    {
                        Unsafe.Add(ref to, p * TileRows + r) = transposeA ? a[(p0 + p) * m + i0 + ir + r] : a[(i0 + ir + r) * k + p0 + p];
                    }
                }
            }
            else if (transposeA)
            {
                // A is k×m: op(A)[i, p] = A[p, i], so the panel's rows at step p sit side by side in row p of A.
                ref double from = ref MemoryMarshal.GetReference(a.Slice(p0 * m + i0 + ir, (kc - 1) * m + TileRows));
                for (int p = 0; p < kc; p++)
                {
                    ref double source = ref Unsafe.Add(ref from, p * m);
                    ref double target = ref Unsafe.Add(ref to, p * TileRows);
                    target = source;
                    Unsafe.Add(ref target, 1) = Unsafe.Add(ref source, 1);
                    Unsafe.Add(ref target, 2) = Unsafe.Add(ref source, 2);
                    Unsafe.Add(ref target, 3) = Unsafe.Add(ref source, 3);
                    Unsafe.Add(ref target, 4) = Unsafe.Add(ref source, 4);
                    Unsafe.Add(ref target, 5) = Unsafe.Add(ref source, 5);
                }
            }
            else
            {
                // The panel's rows are rows of A, k apart.
                ref double from = ref MemoryMarshal.GetReference(a.Slice((i0 + ir) * k + p0, (TileRows - 1) * k + kc));
                for (int p = 0; p < kc; p++)
                {
                    ref double source = ref Unsafe.Add(ref from, p);
                    ref double target = ref Unsafe.Add(ref to, p * TileRows);
                    target = source;
                    Unsafe.Add(ref target, 1) = Unsafe.Add(ref source, k);
                    Unsafe.Add(ref target, 2) = Unsafe.Add(ref source, 2 * k);
                    Unsafe.Add(ref target, 3) = Unsafe.Add(ref source, 3 * k);
                    Unsafe.Add(ref target, 4) = Unsafe.Add(ref source, 4 * k);
                    Unsafe.Add(ref target, 5) = Unsafe.Add(ref source, 5 * k);
                }
            }
        }
    }

    /// <summary>
    /// op(B)[p0.., j0..] as column panels a tile wide (the last perhaps one vector wide): for each step p of the shared
    /// axis, the panel's columns side by side. Columns past the end are zeros.
    /// </summary>
    private static void PackB(ReadOnlySpan<double> b, Span<double> packed, int p0, int kc, int j0, int columns, int k, int n,
        bool transposeB, int tileColumns)
    {
        for (int jr = 0; jr < columns; jr += tileColumns)
        {
            int panelWidth = PanelWidth(jr, columns, tileColumns);
            var panel = packed.Slice(jr * kc, kc * panelWidth);
            int width = Math.Min(panelWidth, columns - jr);
            ref double to = ref MemoryMarshal.GetReference(panel);
            if (width < panelWidth)
            {
                panel.Clear();
            }
            if (transposeB)
            {
                // B is n×k: op(B)[p, j] = B[j, p], so column j of the panel is row j of B. (Reading the rows whole beats
                // writing the panel's rows whole: 27 µs against 40 for the book's W1ᵀ.)
                for (int j = 0; j < width; j++)
                {
                    ref double from = ref MemoryMarshal.GetReference(b.Slice((j0 + jr + j) * k + p0, kc));
                    ref double target = ref Unsafe.Add(ref to, j);
                    for (int p = 0; p < kc; p++) Unsafe.Add(ref target, p * panelWidth) = Unsafe.Add(ref from, p);
                }
                continue;
            }
            ref double rows = ref MemoryMarshal.GetReference(b.Slice(p0 * n + j0 + jr, (kc - 1) * n + width));
            if (Vector.IsHardwareAccelerated && width == panelWidth)
            {
                // Each step's row of the panel is a run of whole vectors in a row of B.
                for (int p = 0; p < kc; p++)
                {
                    for (int j = 0; j < width; j += Vector<double>.Count)
                    {
                        Vector.LoadUnsafe(ref rows, (nuint)(p * n + j)).StoreUnsafe(ref to, (nuint)(p * panelWidth + j));
                    }
                }
                continue;
            }
            for (int p = 0; p < kc; p++)
            {
                for (int j = 0; j < width; j++) Unsafe.Add(ref to, p * panelWidth + j) = Unsafe.Add(ref rows, p * n + j);
            }
        }
    }

    /// <summary>Writes (or adds) the product of one packed row panel and one packed column panel into a tile of C.</summary>
    private static void MultiplyTile(ReadOnlySpan<double> panelA, ReadOnlySpan<double> panelB, int kc, int panelWidth,
        Span<double> c, int ldc, bool accumulate)
    {
        if (Vector.IsHardwareAccelerated && panelWidth == Vector<double>.Count)
        {
            MultiplyTileOneVector(panelA, panelB, kc, c, ldc, accumulate);
        }
        else if (Vector.IsHardwareAccelerated)
        {
            MultiplyTileVector(panelA, panelB, kc, c, ldc, accumulate);
        }
        else
        {
            MultiplyTileScalar(panelA, panelB, kc, c, ldc, accumulate);
        }
    }

    // The inner loop of the whole product. The panels' lengths were checked by the slices that made them, so it reads
    // them through references, without a bounds check on each of its loads.
    private static void MultiplyTileVector(ReadOnlySpan<double> panelA, ReadOnlySpan<double> panelB, int kc, Span<double> c, int ldc,
        bool accumulate)
    {
        int width = Vector<double>.Count;
        ref double pa = ref MemoryMarshal.GetReference(panelA);
        ref double pb = ref MemoryMarshal.GetReference(panelB);
        Vector<double> c00 = default, c01 = default, c10 = default, c11 = default;
        Vector<double> c20 = default, c21 = default, c30 = default, c31 = default;
        Vector<double> c40 = default, c41 = default, c50 = default, c51 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector.LoadUnsafe(ref pb);
            var b1 = Vector.LoadUnsafe(ref pb, (nuint)width);
            var a0 = new Vector<double>(pa);
            c00 = Vector.MultiplyAddEstimate(a0, b0, c00);
            c01 = Vector.MultiplyAddEstimate(a0, b1, c01);
            var a1 = new Vector<double>(Unsafe.Add(ref pa, 1));
            c10 = Vector.MultiplyAddEstimate(a1, b0, c10);
            c11 = Vector.MultiplyAddEstimate(a1, b1, c11);
            var a2 = new Vector<double>(Unsafe.Add(ref pa, 2));
            c20 = Vector.MultiplyAddEstimate(a2, b0, c20);
            c21 = Vector.MultiplyAddEstimate(a2, b1, c21);
            var a3 = new Vector<double>(Unsafe.Add(ref pa, 3));
            c30 = Vector.MultiplyAddEstimate(a3, b0, c30);
            c31 = Vector.MultiplyAddEstimate(a3, b1, c31);
            var a4 = new Vector<double>(Unsafe.Add(ref pa, 4));
            c40 = Vector.MultiplyAddEstimate(a4, b0, c40);
            c41 = Vector.MultiplyAddEstimate(a4, b1, c41);
            var a5 = new Vector<double>(Unsafe.Add(ref pa, 5));
            c50 = Vector.MultiplyAddEstimate(a5, b0, c50);
            c51 = Vector.MultiplyAddEstimate(a5, b1, c51);
            pa = ref Unsafe.Add(ref pa, TileRows);
            pb = ref Unsafe.Add(ref pb, 2 * width);
        }
        PutRow(c[..(2 * width)], c00, c01, accumulate);
        PutRow(c.Slice(ldc, 2 * width), c10, c11, accumulate);
        PutRow(c.Slice(2 * ldc, 2 * width), c20, c21, accumulate);
        PutRow(c.Slice(3 * ldc, 2 * width), c30, c31, accumulate);
        PutRow(c.Slice(4 * ldc, 2 * width), c40, c41, accumulate);
        PutRow(c.Slice(5 * ldc, 2 * width), c50, c51, accumulate);
    }

    private static void PutRow(Span<double> row, Vector<double> left, Vector<double> right, bool accumulate)
    {
        PutVector(row[..Vector<double>.Count], left, accumulate);
        PutVector(row.Slice(Vector<double>.Count, Vector<double>.Count), right, accumulate);
    }

    // The tile of the last, narrow panel: one vector of columns.
    private static void MultiplyTileOneVector(ReadOnlySpan<double> panelA, ReadOnlySpan<double> panelB, int kc, Span<double> c,
        int ldc, bool accumulate)
    {
        int width = Vector<double>.Count;
        ref double pa = ref MemoryMarshal.GetReference(panelA);
        ref double pb = ref MemoryMarshal.GetReference(panelB);
        Vector<double> c0 = default, c1 = default, c2 = default, c3 = default, c4 = default, c5 = default;
        for (int p = 0; p < kc; p++)
        {
            var b0 = Vector.LoadUnsafe(ref pb);
            var a0 = new Vector<double>(pa);
            c0 = Vector.MultiplyAddEstimate(a0, b0, c0);
            var a1 = new Vector<double>(Unsafe.Add(ref pa, 1));
            c1 = Vector.MultiplyAddEstimate(a1, b0, c1);
            var a2 = new Vector<double>(Unsafe.Add(ref pa, 2));
            c2 = Vector.MultiplyAddEstimate(a2, b0, c2);
            var a3 = new Vector<double>(Unsafe.Add(ref pa, 3));
            c3 = Vector.MultiplyAddEstimate(a3, b0, c3);
            var a4 = new Vector<double>(Unsafe.Add(ref pa, 4));
            c4 = Vector.MultiplyAddEstimate(a4, b0, c4);
            var a5 = new Vector<double>(Unsafe.Add(ref pa, 5));
            c5 = Vector.MultiplyAddEstimate(a5, b0, c5);
            pa = ref Unsafe.Add(ref pa, TileRows);
            pb = ref Unsafe.Add(ref pb, width);
        }
        PutVector(c[..width], c0, accumulate);
        PutVector(c.Slice(ldc, width), c1, accumulate);
        PutVector(c.Slice(2 * ldc, width), c2, accumulate);
        PutVector(c.Slice(3 * ldc, width), c3, accumulate);
        PutVector(c.Slice(4 * ldc, width), c4, accumulate);
        PutVector(c.Slice(5 * ldc, width), c5, accumulate);
    }

    // Stores (or adds) one vector into a row of C that was sliced to exactly a vector. No call may remain here: across
    // a call the JIT keeps the accumulators in memory through the whole loop above (seen in its disassembly: the
    // narrow tiles ran slower than the wide ones), hence references rather than Vector's span constructor, which the
    // JIT may leave a call.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PutVector(Span<double> row, Vector<double> sum, bool accumulate)
    {
        ref double start = ref MemoryMarshal.GetReference(row);
        if (accumulate)
        {
            sum += Vector.LoadUnsafe(ref start);
        }
        sum.StoreUnsafe(ref start);
    }

    // The same tile, TileRows × 4, where Vector<double> is not accelerated (a browser without SIMD).
    private static void MultiplyTileScalar(ReadOnlySpan<double> panelA, ReadOnlySpan<double> panelB, int kc, Span<double> c, int ldc,
        bool accumulate)
    {
        Span<double> sums = stackalloc double[TileRows * 4];
        for (int p = 0; p < kc; p++)
        {
            var bp = panelB.Slice(p * 4, 4);
            var ap = panelA.Slice(p * TileRows, TileRows);
            for (int r = 0; r < TileRows; r++)
            {
                double ar = ap[r];
                sums[r * 4] += ar * bp[0];
                sums[r * 4 + 1] += ar * bp[1];
                sums[r * 4 + 2] += ar * bp[2];
                sums[r * 4 + 3] += ar * bp[3];
            }
        }
        for (int r = 0; r < TileRows; r++)
        {
            for (int j = 0; j < 4; j++) c[r * ldc + j] = (accumulate ? c[r * ldc + j] : 0) + sums[r * 4 + j];
        }
    }

    private static int DivideRoundingUp(int value, int divisor) => (value + divisor - 1) / divisor;

    private static int RoundUp(int value, int multiple) => DivideRoundingUp(value, multiple) * multiple;
}
