namespace Cri.Tracing.Configuration.Internal;

/// <summary>
/// Something a source accepted but adjusted or ignored. A warning about the value of <see cref="Key"/> matters only
/// while its source's value of that key is the effective one; a warning without a key always matters.
/// </summary>
/// <param name="Key">The configuration key whose value the warning is about, or <see langword="null"/>.</param>
/// <param name="Message">The warning, naming the file, variable or flag.</param>
internal readonly record struct ConfigurationWarning(string? Key, string Message);
