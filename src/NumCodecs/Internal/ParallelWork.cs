using System.Runtime.ExceptionServices;

namespace NumCodecs.Internal;

/// <summary>
/// The one way the library runs iterations in parallel: callers see the exception an iteration threw (a
/// <see cref="CorruptDataException"/>, say) as it is, never wrapped in an <see cref="AggregateException"/>.
/// </summary>
internal static class ParallelWork
{
    /// <summary>
    /// Runs <paramref name="body"/> for <c>0 .. count - 1</c> on up to <paramref name="maxDegreeOfParallelism"/>
    /// threads (on the calling thread alone when that is 1 or there is one iteration). When iterations fail, the
    /// first failure is rethrown with its own stack trace and the others are dropped.
    /// </summary>
    public static void For(int count, int maxDegreeOfParallelism, Action<int> body)
    {
        if (maxDegreeOfParallelism <= 1 || count <= 1)
        {
            for (int i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        try
        {
            Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = maxDegreeOfParallelism }, body);
        }
        catch (AggregateException aggregate) when (aggregate.InnerExceptions.Count > 0)
        {
            ExceptionDispatchInfo.Throw(aggregate.InnerExceptions[0]);
        }
    }
}
