using Cri.Tracing.Sampling.Internal;

namespace Cri.Tracing.Tests.Sampling;

public sealed class GoFloatFormatTests
{
    // Expected strings are what Go's fmt.Sprintf("%g", v) prints.
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(1.0, "1")]
    [InlineData(0.5, "0.5")]
    [InlineData(1e-6, "1e-06")]
    [InlineData(1.5e-5, "1.5e-05")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.000123, "0.000123")]
    [InlineData(123456.0, "123456")]
    [InlineData(1e6, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(1e21, "1e+21")]
    [InlineData(1e-100, "1e-100")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    public void Formats_like_gos_percent_g(double value, string expected)
        => Assert.Equal(expected, GoFloatFormat.FormatG(value));
}
