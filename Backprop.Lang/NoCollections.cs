namespace Backprop.Lang;

/// <summary>
/// Runs work that builds a large structure which survives it (the tree of a long line) without garbage
/// collections: a collection in the middle finds almost nothing to free and
/// only copies the growing structure from generation to generation. Falls back to running normally when the
/// runtime will not give the region (too large, or another thread holds one); if the budget runs out,
/// the runtime simply collects as usual. Starting a region collects once first, so this pays only where
/// the heap is still small when the work starts: it helps parsing, and measured no gain for the gradient
/// of an already parsed big expression.
/// </summary>
internal static class NoCollections
{
    private const long MaxBytes = 256L * 1024 * 1024;

    public static T Run<T>(Func<T> work, long budgetBytes)
    {
        bool started = TryStart(budgetBytes);
        try
        {
            return work();
        }
        finally
        {
            if (started)
            {
                End();
            }
        }
    }

    private static bool TryStart(long bytes)
    {
        try
        {
            return bytes <= MaxBytes && GC.TryStartNoGCRegion(Math.Max(bytes, 1 << 20));
        }
        catch (Exception e) when (e is InvalidOperationException or ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static void End()
    {
        try
        {
            if (System.Runtime.GCSettings.LatencyMode == System.Runtime.GCLatencyMode.NoGCRegion)
            {
                GC.EndNoGCRegion();
            }
        }
        catch (InvalidOperationException)
        {
            // The budget ran out and the runtime already left the region.
        }
    }
}
