using System.Diagnostics;
using System.Globalization;
using Cri.Tracing.Benchmarks.Support;

namespace Cri.Tracing.Benchmarks.EndToEnd;

/// <summary>
/// The end-to-end cases (each tracing of <see cref="EndToEndTracing"/>, with one caller and with
/// eight) run in turn in one process: a round runs a block of calls of each case, with the case's
/// own runtime started for the block and stopped after it, and each case's CPU per call is taken
/// against the <see cref="EndToEndTracing.TracingOff"/> block of the same round with as many
/// callers. BenchmarkDotNet's single runs of these moved by up to 40% between runs, as this host
/// slows whole processes now and then (<see cref="InterleavedRounds"/>).
/// </summary>
/// <remarks>
/// With eight callers the ratios repeat within a few points. With one they do not: most of that
/// case's CPU is the thread pool's idle workers spinning and waking between a call's hops, and
/// how much they do differs from process to process (benchmarks/README.md).
/// </remarks>
internal static class InterleavedEndToEnd
{
    private static readonly int[] CallerCounts = [1, 8];

    /// <summary>Runs <c>--interleaved end-to-end [--rounds N] [--calls N]</c>.</summary>
    /// <returns>The exit code: a case whose setup finds its spans elsewhere than it says throws instead.</returns>
    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = InterleavedRounds.ReadCount(args, "--rounds", 40);
        var calls = InterleavedRounds.ReadCount(args, "--calls", 2_000);
        if (rounds is null || calls is null)
        {
            return 2;
        }

        var cases = CallerCounts.SelectMany(callers => Enum.GetValues<EndToEndTracing>().Select(tracing => (Tracing: tracing, Callers: callers))).ToList();
        Console.WriteLine($"end to end: {cases.Count} cases, {rounds} rounds (after {InterleavedRounds.WarmUpRounds} untimed) of about {calls} calls each, .NET {Environment.Version}, {Environment.ProcessorCount} CPUs");
        var measured = await InterleavedRounds.RunAsync(cases.Count, rounds.Value, i => RunBlockAsync(cases[i].Tracing, cases[i].Callers, calls.Value));

        Console.WriteLine();
        Console.WriteLine("medians over rounds, [first quartile, third quartile]; ratios against tracing off with as many callers in the same round");
        Console.WriteLine("| tracing | callers | CPU per call | ratio to tracing off | calls per second | work items per call | context switches per call | allocated per call |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        for (var i = 0; i < cases.Count; i++)
        {
            var blocks = measured[i];
            var baseline = measured[cases.IndexOf((EndToEndTracing.TracingOff, cases[i].Callers))];
            var ratios = blocks.Select((block, round) => block.CpuPerCall / baseline[round].CpuPerCall).ToList();
            double MedianOf(Func<Block, double> figure) => InterleavedRounds.Median(blocks.Select(figure).ToList());
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"| {cases[i].Tracing} | {cases[i].Callers} | {InterleavedRounds.Quartiles(blocks.Select(b => b.CpuPerCall).ToList(), "F1")} µs | {InterleavedRounds.Quartiles(ratios, "F3")} | {MedianOf(b => b.CallsPerSecond):F0} | {MedianOf(b => b.WorkItemsPerCall):F2} | {MedianOf(b => b.ContextSwitchesPerCall):F2} | {MedianOf(b => b.BytesPerCall):F0} B |"));
        }

        return 0;
    }

    // The case's runtime starts (its setup checks one call's spans), a quarter of the block warms
    // its connection and pools, and what those calls recorded is exported. Then the process's
    // counters are read around the block's calls and the export of the spans they recorded, so
    // each block pays for exactly its own spans. A runtime of its own per block: two runtimes'
    // tracer providers in one process would both record every span.
    private static async Task<Block> RunBlockAsync(EndToEndTracing tracing, int callers, int calls)
    {
        var runtime = new EndToEndBenchmarks { Concurrency = callers };
        try
        {
            await runtime.StartAsync(tracing);
            await runtime.CallAsync(calls / 4);
            runtime.Flush();

            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var before = ProcessCounters.Read();
            var started = Stopwatch.GetTimestamp();
            var made = await runtime.CallAsync(calls);
            runtime.Flush();
            var elapsed = Stopwatch.GetElapsedTime(started);
            var spent = ProcessCounters.Read() - before;
            return new Block(
                spent.Cpu.TotalMicroseconds / made,
                made / elapsed.TotalSeconds,
                (double)spent.WorkItems / made,
                (double)spent.ContextSwitches / made,
                (double)(GC.GetTotalAllocatedBytes(precise: true) - allocated) / made);
        }
        finally
        {
            await runtime.StopAsync();
        }
    }

    private readonly record struct Block(double CpuPerCall, double CallsPerSecond, double WorkItemsPerCall, double ContextSwitchesPerCall, double BytesPerCall);
}
