namespace Cri.Tracing.Configuration.Internal.Toml;

/// <summary>
/// The only exception the TOML parser throws: the document is not valid TOML.
/// </summary>
internal sealed class TomlException : Exception
{
    public TomlException(string reason, string? sourceName, TomlPosition position)
        : base(FormatMessage(reason, sourceName, position))
    {
        this.Reason = reason;
        this.SourceName = sourceName;
        this.Line = position.Line;
        this.Column = position.Column;
    }

    /// <summary>Gets what is wrong, without the location prefix.</summary>
    public string Reason { get; }

    /// <summary>Gets the file path or other name the document was parsed under, if any.</summary>
    public string? SourceName { get; }

    /// <summary>Gets the 1-based line of the error.</summary>
    public int Line { get; }

    /// <summary>Gets the 1-based column of the error.</summary>
    public int Column { get; }

    private static string FormatMessage(string reason, string? sourceName, TomlPosition position)
        => sourceName is null
            ? $"{position.Line}:{position.Column}: {reason}"
            : $"{sourceName}:{position.Line}:{position.Column}: {reason}";
}
