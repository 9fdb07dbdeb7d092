namespace Cri.Tracing.Configuration.Internal.Toml;

/// <summary>
/// A 1-based line and column in a TOML document. Columns count characters (Unicode scalar values), as Tomlyn does.
/// </summary>
/// <param name="Line">The 1-based line.</param>
/// <param name="Column">The 1-based column.</param>
internal readonly record struct TomlPosition(int Line, int Column)
{
    /// <inheritdoc/>
    public override string ToString() => $"{this.Line}:{this.Column}";
}
