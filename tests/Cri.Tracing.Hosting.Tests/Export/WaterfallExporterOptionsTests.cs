using Cri.Tracing.Hosting.Export;


namespace Cri.Tracing.Hosting.Tests.Export;

public sealed class WaterfallExporterOptionsTests
{
    [Fact]
    public void Defaults_show_the_CRI_attributes_on_40_character_bars()
    {
        var options = new WaterfallExporterOptions();

        Assert.Same(Console.Out, options.Output);
        Assert.Equal(40, options.Width);
        Assert.Equal(TimeSpan.FromMilliseconds(200), options.FlushDelay);
        Assert.Equal(
            ["rpc.response.status_code", "k8s.pod.name", "k8s.namespace.name", "container.name", "container.id", "container.image.name", "command", "error.type"],
            options.Attributes);
    }

    [Fact]
    public void Color_is_off_for_other_writers_unless_asked_for()
    {
        using var writer = new StringWriter();
        var options = new WaterfallExporterOptions { Output = writer };
        var colorless = options.UseColor;
        options.UseColor = true;

        Assert.False(colorless);
        Assert.True(options.UseColor);
    }

    [Fact]
    public void Out_of_range_values_are_rejected()
    {
        var options = new WaterfallExporterOptions();

        Assert.Throws<ArgumentOutOfRangeException>(() => options.Width = 9);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.Width = 201);
        Assert.Throws<ArgumentOutOfRangeException>(() => options.FlushDelay = TimeSpan.FromTicks(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => options.FlushDelay = TimeSpan.FromMinutes(1) + TimeSpan.FromTicks(1));
        Assert.Throws<ArgumentNullException>(() => options.Output = null!);
        Assert.Throws<ArgumentNullException>(() => options.Attributes = null!);
    }
}
