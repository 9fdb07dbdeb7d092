using System.Globalization;
using System.Text;

namespace Cri.Tracing.Configuration.Internal.Toml;

/// <summary>
/// A TOML offset date-time, local date-time, local date or local time. Keeps the fractional seconds to the
/// nanosecond and how many digits were written, so <see cref="ToString"/> gives back an equivalent RFC 3339 text.
/// </summary>
internal readonly record struct TomlDateTime
{
    private readonly int hour;
    private readonly int minute;
    private readonly int second;
    private readonly int offsetMinutes;

    public TomlDateTime(TomlDateTimeKind kind, DateOnly date, int hour, int minute, int second, int nanosecond, int fractionDigits, int offsetMinutes)
    {
        this.Kind = kind;
        this.Date = date;
        this.hour = hour;
        this.minute = minute;
        this.second = second;
        this.Nanosecond = nanosecond;
        this.FractionDigits = fractionDigits;
        this.offsetMinutes = offsetMinutes;
    }

    public TomlDateTimeKind Kind { get; }

    /// <summary>Gets the date; <see cref="DateOnly.MinValue"/> for a local time.</summary>
    public DateOnly Date { get; }

    /// <summary>Gets the time of day to 100 ns; midnight for a local date.</summary>
    public TimeOnly Time => new TimeOnly(this.hour, this.minute, this.second).Add(TimeSpan.FromTicks(this.Nanosecond / 100));

    /// <summary>Gets the fraction of the second in nanoseconds (0 to 999,999,999).</summary>
    public int Nanosecond { get; }

    /// <summary>Gets how many fractional-second digits the document had, at most 9 (extra digits are truncated as TOML allows).</summary>
    public int FractionDigits { get; }

    /// <summary>Gets the UTC offset of an offset date-time; <see langword="null"/> for the local kinds.</summary>
    public TimeSpan? Offset => this.Kind == TomlDateTimeKind.OffsetDateTime ? TimeSpan.FromMinutes(this.offsetMinutes) : null;

    /// <summary>Formats the value in RFC 3339 layout: date and/or time, and the offset (<c>Z</c> for UTC) when there is one.</summary>
    public override string ToString()
    {
        var text = new StringBuilder(35);
        if (this.Kind != TomlDateTimeKind.LocalTime)
        {
            text.Append(this.Date.ToString("yyyy'-'MM'-'dd", CultureInfo.InvariantCulture));
        }

        if (this.Kind == TomlDateTimeKind.LocalDate)
        {
            return text.ToString();
        }

        if (this.Kind != TomlDateTimeKind.LocalTime)
        {
            text.Append('T');
        }

        text.Append(CultureInfo.InvariantCulture, $"{this.hour:D2}:{this.minute:D2}:{this.second:D2}");
        if (this.FractionDigits > 0)
        {
            text.Append('.').Append(this.Nanosecond.ToString("D9", CultureInfo.InvariantCulture), 0, this.FractionDigits);
        }

        if (this.Kind == TomlDateTimeKind.OffsetDateTime)
        {
            if (this.offsetMinutes == 0)
            {
                text.Append('Z');
            }
            else
            {
                var magnitude = Math.Abs(this.offsetMinutes);
                text.Append(this.offsetMinutes < 0 ? '-' : '+')
                    .Append(CultureInfo.InvariantCulture, $"{magnitude / 60:D2}:{magnitude % 60:D2}");
            }
        }

        return text.ToString();
    }
}
