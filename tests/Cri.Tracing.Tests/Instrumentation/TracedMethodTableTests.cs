using Cri.Protos;
using Cri.Tracing.Instrumentation;
using Cri.Tracing.Instrumentation.Internal;

namespace Cri.Tracing.Tests.Instrumentation;

/// <summary>
/// The table finds a call's method by its path string's reference once it has seen that string,
/// by its content otherwise: either way a path finds its method, whatever the strings before it.
/// </summary>
public sealed class TracedMethodTableTests
{
    private static readonly string[] Paths = [.. CriMethodCatalog.All.Select(m => m.Path)];

    [Fact]
    public void Every_path_finds_its_method_first_by_content_then_by_reference()
    {
        var table = NewTable();
        foreach (var path in Paths)
        {
            var instance = Copy(path);
            var found = table.Find(instance);
            Assert.NotNull(found);
            Assert.Equal(path, found.Path);
            Assert.Same(found, table.Find(instance));
            Assert.Same(found, table.Find(Copy(path)));
        }
    }

    [Fact]
    public void Paths_that_fill_every_slot_are_still_found_and_unknown_ones_are_not()
    {
        var table = NewTable();

        // Far more distinct instances than slots: a path's probes are full long before the end.
        for (var round = 0; round < 20; round++)
        {
            foreach (var path in Paths)
            {
                Assert.Equal(path, table.Find(Copy(path))?.Path);
            }
        }

        Assert.All(Paths, path => Assert.Equal(path, table.Find(path)?.Path));
        Assert.Null(table.Find("/runtime.v1.RuntimeService/NotAMethod"));
        Assert.Null(table.Find(null));
    }

    [Fact]
    public void Concurrent_first_lookups_all_find_their_method()
    {
        var table = NewTable();
        var shared = Paths.Select(Copy).ToArray();
        var wrong = 0;
        Parallel.For(0, 64, worker =>
        {
            for (var i = 0; i < Paths.Length; i++)
            {
                var index = (i + worker) % Paths.Length;
                var path = worker % 2 == 0 ? shared[index] : Copy(Paths[index]);
                if (table.Find(path)?.Path != Paths[index])
                {
                    Interlocked.Increment(ref wrong);
                }
            }
        });

        Assert.Equal(0, wrong);
    }

    private static TracedMethodTable NewTable() => new(new TracingSettings(new CriInstrumentationOptions()), endpointTags: null);

    // A string equal to the path but not the same object, as another Method object's FullName is.
    private static string Copy(string path) => new(path.AsSpan());
}
