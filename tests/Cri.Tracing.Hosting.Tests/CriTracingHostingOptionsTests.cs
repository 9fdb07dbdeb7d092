using Microsoft.Extensions.Logging;

namespace Cri.Tracing.Hosting.Tests;

public sealed class CriTracingHostingOptionsTests
{
    [Fact]
    public void Defaults_are_crio_s_queue_and_short_timeouts()
    {
        var options = new CriTracingHostingOptions();

        Assert.Equal(2048, options.MaxQueueSize);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ExportTimeout);
        Assert.Equal(TimeSpan.FromSeconds(5), options.ExportInterval);

        // Counted from SIGTERM, leaving room within the 5 s a runtime gets to end.
        Assert.Equal(TimeSpan.FromSeconds(3), options.ShutdownTimeout);
        Assert.Equal(LogLevel.Information, options.LogBridgeMinimumLevel);
        Assert.True(options.ExportToCollector);
        Assert.Null(options.ConsoleWaterfall);
        Assert.Equal(typeof(CriTracingHostingOptionsTests).Assembly.GetName().Name, options.DefaultServiceName);
    }

    [Fact]
    public void Out_of_range_values_are_refused_where_they_are_set()
    {
        var options = new CriTracingHostingOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => options.ExportTimeout = TimeSpan.Zero);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.ExportInterval = TimeSpan.FromHours(1));
        Assert.Throws<ArgumentOutOfRangeException>(() => options.ShutdownTimeout = TimeSpan.FromSeconds(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => options.MaxQueueSize = 0);
        Assert.Throws<ArgumentException>(() => options.DefaultServiceName = " ");
    }
}
