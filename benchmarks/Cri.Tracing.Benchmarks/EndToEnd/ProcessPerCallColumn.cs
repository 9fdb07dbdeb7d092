using System.Globalization;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace Cri.Tracing.Benchmarks.EndToEnd;

/// <summary>
/// What the benchmark process spent per call while its calls ran (every batch once the process is
/// warm), from the kernel's and the runtime's own counters: CPU time (user + system, every thread:
/// client, server, exporter), far steadier on two shared cores than calls per second; thread-pool
/// work items; context switches. The benchmark process writes them at its cleanup
/// (<see cref="Record"/>); the host reads them into these columns.
/// </summary>
internal sealed class ProcessPerCallColumn : IColumn
{
    private static readonly string Folder = Path.Combine(Path.GetTempPath(), "cri-benchmarks-per-call");

    private readonly int index;

    private ProcessPerCallColumn(string name, int index, string legend)
    {
        this.ColumnName = name;
        this.index = index;
        this.Legend = legend;
    }

    public string Id => nameof(ProcessPerCallColumn) + this.ColumnName;

    public string ColumnName { get; }

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => this.index;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend { get; }

    /// <summary>The name a benchmark's figures are kept under: its method and parameters.</summary>
    public static string NameOf(string method, int concurrency) => string.Create(CultureInfo.InvariantCulture, $"{method}-{concurrency}");

    /// <summary>Writes a benchmark's figures per call, from its own process.</summary>
    public static void Record(string benchmark, ProcessCounters spent, long calls)
    {
        Directory.CreateDirectory(Folder);

        // Always written, so a run too short to count (a dry run) never shows an earlier run's figures.
        File.WriteAllLines(Path.Combine(Folder, benchmark), calls == 0 ? ["- (no call counted)", "-", "-"] : [
            string.Create(CultureInfo.InvariantCulture, $"{spent.Cpu.TotalMicroseconds / calls:F1} µs ({calls} calls)"),
            string.Create(CultureInfo.InvariantCulture, $"{(double)spent.WorkItems / calls:F2}"),
            string.Create(CultureInfo.InvariantCulture, $"{(double)spent.ContextSwitches / calls:F2}"),
        ]);
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase)
    {
        var concurrency = benchmarkCase.Parameters.Items.FirstOrDefault(p => p.Name == nameof(EndToEndBenchmarks.Concurrency))?.Value;
        var file = Path.Combine(Folder, NameOf(benchmarkCase.Descriptor.WorkloadMethod.Name, Convert.ToInt32(concurrency, CultureInfo.InvariantCulture)));
        return File.Exists(file) ? File.ReadAllLines(file)[this.index] : "-";
    }

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style) => this.GetValue(summary, benchmarkCase);

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    /// <summary>Adds the columns to the class it is applied to.</summary>
    internal sealed class Config : ManualConfig
    {
        public Config() => this.AddColumn(
            new ProcessPerCallColumn("CPU/call", 0, "Process CPU time (user + system, all threads) per call, while the calls ran, after the first 20,000 (calls counted in brackets)"),
            new ProcessPerCallColumn("Work items/call", 1, "Thread-pool work items completed per call"),
            new ProcessPerCallColumn("Ctx switches/call", 2, "Context switches (voluntary + involuntary, all threads) per call"));
    }
}
