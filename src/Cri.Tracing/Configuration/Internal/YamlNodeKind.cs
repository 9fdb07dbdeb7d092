namespace Cri.Tracing.Configuration.Internal;

/// <summary>What a <see cref="YamlNode"/> holds, named as JSON names it once Kubernetes converts YAML to JSON.</summary>
internal enum YamlNodeKind
{
    /// <summary>A null, <c>~</c> or empty scalar.</summary>
    Null,

    /// <summary>A quoted or string-tagged scalar, or a plain one that is no other type.</summary>
    String,

    /// <summary>A plain scalar that YAML 1.1 reads as a number.</summary>
    Number,

    /// <summary>A plain scalar that YAML 1.1 reads as a boolean (<c>true</c>, <c>yes</c>, <c>on</c>, ...).</summary>
    Bool,

    /// <summary>A mapping.</summary>
    Object,

    /// <summary>A sequence.</summary>
    Array,
}
