namespace StreamGuard.Core.Tests.Architecture;

/// <summary>
/// Projects by role with no circles: Core is the bottom layer (models, readers, streaming) and knows neither the AWS SDK
/// nor the Plaid client; StreamGuard.Aws and StreamGuard.Plaid sit directly on Core.
/// </summary>
public sealed class ProjectGraphTests
{
    private const string CoreProject = "StreamGuard.Core";

    [Fact]
    public void Load_Repository_FindsCoreAwsAndPlaidProjects()
    {
        ProjectGraph graph = ProjectGraph.Load();

        Assert.Contains(CoreProject, graph.References.Keys);
        Assert.Contains("StreamGuard.Aws", graph.References.Keys);
        Assert.Contains("StreamGuard.Plaid", graph.References.Keys);
        Assert.Contains("StreamGuard.Runtime", graph.References.Keys);
    }

    [Fact]
    public void FindCycle_Repository_NoProjectReachesItself()
    {
        IReadOnlyList<string>? cycle = ProjectGraph.Load().FindCycle();

        Assert.True(cycle is null, $"project references form a cycle: {string.Join(" -> ", cycle ?? [])}");
    }

    [Fact]
    public void FindCycle_ReferencesInACircle_ReturnsTheCircle()
    {
        var graph = ProjectGraph.From(new Dictionary<string, IReadOnlyList<string>>
        {
            ["Host"] = ["A"],
            ["A"] = ["B"],
            ["B"] = ["C", "Core"],
            ["C"] = ["A"],
            ["Core"] = [],
        });

        Assert.Equal(["A", "B", "C", "A"], graph.FindCycle());
    }

    [Fact]
    public void FindCycle_LayeredDiamond_ReturnsNull()
    {
        var graph = ProjectGraph.From(new Dictionary<string, IReadOnlyList<string>>
        {
            ["Host"] = ["A", "B"],
            ["A"] = ["Core"],
            ["B"] = ["Core"],
            ["Core"] = [],
        });

        Assert.Null(graph.FindCycle());
    }

    [Fact]
    public void CoreProject_References_NoProjectAndNoAwsSdkPackage()
    {
        ProjectGraph graph = ProjectGraph.Load();

        Assert.Empty(graph.References[CoreProject]);
        Assert.DoesNotContain(graph.Packages[CoreProject], static p => p.StartsWith("AWSSDK", StringComparison.OrdinalIgnoreCase));
    }

    [Theory]
    [InlineData("StreamGuard.Aws")]
    [InlineData("StreamGuard.Plaid")]
    public void ClientProject_Closure_OnlyCore(string project)
    {
        Assert.Equal([CoreProject], ProjectGraph.Load().Closure(project));
    }

    [Fact]
    public void CoreAssembly_ReferencedAssemblies_NoAwsSdkAndNoClientProject()
    {
        string[] referenced = [.. typeof(UserErrorException).Assembly.GetReferencedAssemblies().Select(static a => a.Name ?? string.Empty)];

        Assert.DoesNotContain(referenced, static n => n.StartsWith("AWSSDK", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("StreamGuard.Aws", referenced);
        Assert.DoesNotContain("StreamGuard.Plaid", referenced);
        Assert.All(referenced, static n => Assert.False(n.StartsWith("StreamGuard.", StringComparison.Ordinal), $"Core references {n}"));
    }

    [Fact]
    public void CoreAssembly_Types_NoneInAwsOrPlaidClientNamespaces()
    {
        string[] misplaced = [.. typeof(UserErrorException).Assembly.GetTypes()
            .Select(static t => t.Namespace ?? string.Empty)
            .Where(static ns => IsUnder(ns, "StreamGuard.Core.Aws") || IsUnder(ns, "StreamGuard.Core.Plaid"))
            .Distinct(StringComparer.Ordinal)];

        Assert.Empty(misplaced);
    }

    private static bool IsUnder(string ns, string prefix) =>
        ns == prefix || ns.StartsWith(prefix + ".", StringComparison.Ordinal);
}
