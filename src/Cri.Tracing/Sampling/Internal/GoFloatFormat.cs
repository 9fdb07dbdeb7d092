using System.Globalization;
using System.Text;

namespace Cri.Tracing.Sampling.Internal;

/// <summary>Go's <c>%g</c> formatting of a float64, for sampler descriptions that match otel-go's.</summary>
internal static class GoFloatFormat
{
    /// <summary>
    /// Formats like Go's <c>strconv.FormatFloat(value, 'g', -1, 64)</c>: the shortest digits that
    /// round-trip, in exponent form (<c>1e-06</c>, at least two exponent digits) when the decimal
    /// exponent is below -4 or at least 6, otherwise in plain form (<c>0.0001</c>).
    /// </summary>
    public static string FormatG(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "+Inf" : "-Inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0" : "0";
        }

        // .NET's "E16" is not shortest; "R" is, in either plain or exponent form. Reduce it to a
        // digit string and a decimal exponent, then lay it out Go's way.
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var exponentAt = roundTrip.IndexOf('E', StringComparison.Ordinal);
        var mantissa = exponentAt < 0 ? roundTrip : roundTrip[..exponentAt];
        var exponent = exponentAt < 0 ? 0 : int.Parse(roundTrip.AsSpan(exponentAt + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

        var point = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = point < 0 ? mantissa : mantissa.Remove(point, 1);
        var pointPosition = (point < 0 ? mantissa.Length : point) + exponent;
        var leadingZeros = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        pointPosition -= leadingZeros;

        // Go: the exponent of the first digit, d.ddd x 10^exp.
        var exp = pointPosition - 1;
        var builder = new StringBuilder(24);
        if (value < 0)
        {
            builder.Append('-');
        }

        // Go's shortest %g switches to the exponent form below 1e-4 and from 1e6 up.
        if (exp < -4 || exp >= 6)
        {
            builder.Append(digits[0]);
            if (digits.Length > 1)
            {
                builder.Append('.').Append(digits, 1, digits.Length - 1);
            }

            builder.Append('e').Append(exp < 0 ? '-' : '+');
            var magnitude = Math.Abs(exp);
            if (magnitude < 10)
            {
                builder.Append('0');
            }

            builder.Append(magnitude.ToString(CultureInfo.InvariantCulture));
            return builder.ToString();
        }

        if (pointPosition <= 0)
        {
            builder.Append("0.").Append('0', -pointPosition).Append(digits);
        }
        else if (pointPosition >= digits.Length)
        {
            builder.Append(digits).Append('0', pointPosition - digits.Length);
        }
        else
        {
            builder.Append(digits, 0, pointPosition).Append('.').Append(digits, pointPosition, digits.Length - pointPosition);
        }

        return builder.ToString();
    }
}
