using System.Runtime.InteropServices;

namespace Cri.Tracing.Benchmarks.EndToEnd;

/// <summary>The process's CPU time and context switches (getrusage, every thread) and its thread pool's completed work items.</summary>
internal readonly partial record struct ProcessCounters(TimeSpan Cpu, long WorkItems, long ContextSwitches)
{
    private const int RusageSelf = 0;

    public static ProcessCounters Read()
    {
        // struct rusage on 64-bit Linux: two timevals (user, system), then 14 longs; nvcsw and nivcsw are the last two.
        Span<long> usage = stackalloc long[18];
        if (GetResourceUsage(RusageSelf, ref MemoryMarshal.GetReference(usage)) != 0)
        {
            throw new InvalidOperationException("getrusage failed: " + Marshal.GetLastPInvokeErrorMessage());
        }

        var cpu = TimeSpan.FromSeconds(usage[0] + usage[2]) + TimeSpan.FromMicroseconds(usage[1] + usage[3]);
        return new ProcessCounters(cpu, ThreadPool.CompletedWorkItemCount, usage[16] + usage[17]);
    }

    public static ProcessCounters operator -(ProcessCounters after, ProcessCounters before)
        => new(after.Cpu - before.Cpu, after.WorkItems - before.WorkItems, after.ContextSwitches - before.ContextSwitches);

    public static ProcessCounters operator +(ProcessCounters left, ProcessCounters right)
        => new(left.Cpu + right.Cpu, left.WorkItems + right.WorkItems, left.ContextSwitches + right.ContextSwitches);

    [LibraryImport("libc", EntryPoint = "getrusage", SetLastError = true)]
    private static partial int GetResourceUsage(int who, ref long usage);
}
