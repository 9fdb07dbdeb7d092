namespace Cri.Protos.Tests.Authority;

/// <summary>Runs <see cref="AuthorityEventSourceTests"/> after the parallel tests, alone.</summary>
[CollectionDefinition(nameof(AuthorityEventSourceTests), DisableParallelization = true)]
public sealed class AuthorityEventSourceCollection;
