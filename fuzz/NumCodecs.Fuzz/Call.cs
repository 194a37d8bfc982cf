namespace NumCodecs.Fuzz;

/// <summary>
/// Runs one library call and sorts what it did: a result, an allowed exception (returned), or a finding (thrown).
/// Every call is also weighed: allocating more than <see cref="AllocationLimit"/> bytes is a finding, whatever the
/// call returned, since the inputs are at most a megabyte and the library's own limits are left at their defaults.
/// </summary>
internal static class Call
{
    /// <summary>Most bytes one call may allocate on the GC heap before it counts as a decompression bomb.</summary>
    public const long AllocationLimit = 256L * 1024 * 1024;

    public static Outcome<T> Attempt<T>(string call, Func<T> body, Allow allow = Allow.None)
    {
        long threadBefore = GC.GetAllocatedBytesForCurrentThread();
        long totalBefore = GC.GetTotalAllocatedBytes(precise: false);
        T value;
        try
        {
            value = body();
        }
        catch (Exception e) when (e is not FindingException)
        {
            CheckAllocation(call, threadBefore, totalBefore, e);
            if (IsAllowed(e, allow))
            {
                return new Outcome<T>(e);
            }

            throw new FindingException($"{call} threw {e.GetType().FullName}: {e.Message}", e);
        }

        CheckAllocation(call, threadBefore, totalBefore, null);
        return new Outcome<T>(value);
    }

    /// <summary>For calls that return nothing.</summary>
    public static Outcome<bool> Attempt(string call, Action body, Allow allow = Allow.None) =>
        Attempt(call, () =>
        {
            body();
            return true;
        }, allow);

    /// <summary>Throws a finding unless <paramref name="condition"/> holds.</summary>
    public static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new FindingException(what);
        }
    }

    public static bool IsAllowed(Exception e, Allow allow) => e switch
    {
        NumCodecsException => true,
        ArgumentException => (allow & Allow.Argument) != 0,
        NotSupportedException => (allow & Allow.NotSupported) != 0,
        _ => false,
    };

    private static void CheckAllocation(string call, long threadBefore, long totalBefore, Exception? thrown)
    {
        // The thread's count misses what parallel partial decoding allocates elsewhere; the process total (imprecise
        // by at most an allocation context per thread) catches that.
        long allocated = Math.Max(
            GC.GetAllocatedBytesForCurrentThread() - threadBefore,
            GC.GetTotalAllocatedBytes(precise: false) - totalBefore);
        if (allocated > AllocationLimit)
        {
            string outcome = thrown is null ? "and returned" : $"and then threw {thrown.GetType().Name}: {thrown.Message}";
            string message = $"{call} allocated {allocated:N0} bytes (limit {AllocationLimit:N0}) {outcome}";
            throw thrown is null ? new FindingException(message) : new FindingException(message, thrown);
        }
    }
}
