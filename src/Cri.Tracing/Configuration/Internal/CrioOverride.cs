namespace Cri.Tracing.Configuration.Internal;

/// <summary>A CRI-O setting as a variable or flag spelled it, before it is parsed.</summary>
/// <param name="Setting">The setting.</param>
/// <param name="Text">The text given.</param>
/// <param name="Source">The variable or flag, e.g. <c>env CONTAINER_TRACING_ENDPOINT</c> or <c>flag --tracing-endpoint</c>.</param>
internal readonly record struct CrioOverride(CrioSetting Setting, string Text, string Source);
