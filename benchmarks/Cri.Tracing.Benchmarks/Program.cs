using BenchmarkDotNet.Configs;
using Cri.Tracing.Benchmarks.EndToEnd;
using Cri.Tracing.Benchmarks.Instrumentation;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using Perfolizer.Metrology;

namespace Cri.Tracing.Benchmarks;

internal static class Program
{
    /// <summary>
    /// Runs the benchmarks the arguments select; <c>--filter '*' --job dry</c> runs each once, as CI
    /// does. A benchmark whose setup finds the instrumentation misbehaving throws, and the exit code
    /// says so: BenchmarkDotNet reports a failed benchmark but exits with 0. <c>--interleaved
    /// server|client</c> times one side's interception scenarios in turn in one process instead
    /// (<see cref="InterleavedInterception"/>), <c>--interleaved end-to-end</c> the end-to-end
    /// cases (<see cref="InterleavedEndToEnd"/>).
    /// </summary>
    public static int Main(string[] args)
    {
        if (args is ["--interleaved", "end-to-end", ..])
        {
            return InterleavedEndToEnd.RunAsync(args).GetAwaiter().GetResult();
        }

        if (args is ["--interleaved", ..])
        {
            return InterleavedInterception.RunAsync(args).GetAwaiter().GetResult();
        }

        // Allocations in bytes: the budgets are in bytes, and kilobytes with two decimals hide them.
        // The generated project rebuilds the solution's projects (protoc included) single-threaded
        // without the shared compiler: on a small CI machine that takes longer than the default 2 minutes.
        var config = DefaultConfig.Instance
            .WithSummaryStyle(SummaryStyle.Default.WithSizeUnit(SizeUnit.B))
            .WithBuildTimeout(TimeSpan.FromMinutes(10));
        var summaries = BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
        return summaries.Any(summary => summary.HasCriticalValidationErrors || summary.Reports.Any(report => !report.Success)) ? 1 : 0;
    }
}
