namespace Cri.Tracing.Configuration.Internal.Toml;

/// <summary>
/// The four date and time types of TOML 1.0.0.
/// </summary>
internal enum TomlDateTimeKind
{
    /// <summary>A date, a time and a UTC offset, e.g. <c>1979-05-27T07:32:00Z</c>.</summary>
    OffsetDateTime,

    /// <summary>A date and a time without offset, e.g. <c>1979-05-27T07:32:00</c>.</summary>
    LocalDateTime,

    /// <summary>A date only, e.g. <c>1979-05-27</c>.</summary>
    LocalDate,

    /// <summary>A time of day only, e.g. <c>07:32:00</c>.</summary>
    LocalTime,
}
