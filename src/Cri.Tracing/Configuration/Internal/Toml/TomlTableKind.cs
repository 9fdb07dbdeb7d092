namespace Cri.Tracing.Configuration.Internal.Toml;

/// <summary>
/// How a table came into existence, which decides how later lines may extend it
/// (TOML 1.0.0, "Table" and "Inline Table").
/// </summary>
internal enum TomlTableKind
{
    /// <summary>Created as an intermediate of a <c>[a.b.c]</c> header; one later <c>[a.b]</c> header may still define it.</summary>
    Implicit,

    /// <summary>Defined by a <c>[table]</c> or <c>[[array]]</c> header, or the root table.</summary>
    Header,

    /// <summary>Created by a dotted key such as <c>a.b = 1</c>; more dotted keys may add to it, headers may not define it.</summary>
    Dotted,

    /// <summary>Written as <c>{ ... }</c>; complete once closed.</summary>
    Inline,
}
