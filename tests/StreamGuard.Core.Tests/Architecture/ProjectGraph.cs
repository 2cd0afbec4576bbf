using System.Xml.Linq;

namespace StreamGuard.Core.Tests.Architecture;

/// <summary>The repository's projects and the project references between them, read from the .csproj files.</summary>
internal sealed class ProjectGraph
{
    private ProjectGraph(string root, IReadOnlyDictionary<string, IReadOnlyList<string>> references, IReadOnlyDictionary<string, IReadOnlyList<string>> packages)
    {
        Root = root;
        References = references;
        Packages = packages;
    }

    public string Root { get; }

    /// <summary>Project name (file name without .csproj) to the names of the projects it references.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> References { get; }

    /// <summary>Project name to the NuGet packages it references directly.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Packages { get; }

    /// <summary>A graph from given references, for testing the checks themselves.</summary>
    public static ProjectGraph From(IReadOnlyDictionary<string, IReadOnlyList<string>> references) =>
        new(string.Empty, references, references.ToDictionary(static p => p.Key, static IReadOnlyList<string> (_) => [], StringComparer.Ordinal));

    public static ProjectGraph Load()
    {
        string root = RepositoryRoot();
        var references = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        var packages = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        foreach (string folder in new[] { "src", "tests", "benchmarks" })
        {
            string dir = Path.Combine(root, folder);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (string project in Directory.EnumerateFiles(dir, "*.csproj", SearchOption.AllDirectories)
                .Where(static p => !p.Contains($"{Path.DirectorySeparatorChar}node_modules{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                XDocument xml = XDocument.Load(project);
                string name = Path.GetFileNameWithoutExtension(project);
                references[name] = [.. xml.Descendants("ProjectReference")
                    .Select(static e => (string?)e.Attribute("Include"))
                    .OfType<string>()
                    .Select(static include => Path.GetFileNameWithoutExtension(include.Replace('\\', '/')))];
                packages[name] = [.. xml.Descendants("PackageReference").Select(static e => (string?)e.Attribute("Include")).OfType<string>()];
            }
        }

        return new ProjectGraph(root, references, packages);
    }

    /// <summary>One cycle of project references as the list of projects along it (first repeated at the end), or null when there is none.</summary>
    public IReadOnlyList<string>? FindCycle()
    {
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false: on the current path; true: finished.
        var path = new List<string>();
        foreach (string start in References.Keys.Order(StringComparer.Ordinal))
        {
            if (Visit(start, state, path) is { } cycle)
            {
                return cycle;
            }
        }

        return null;
    }

    /// <summary>Every project <paramref name="project"/> reaches through project references, itself excluded.</summary>
    public IReadOnlySet<string> Closure(string project)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.TryPop(out string? next))
        {
            foreach (string reference in References.GetValueOrDefault(next, []))
            {
                if (seen.Add(reference))
                {
                    pending.Push(reference);
                }
            }
        }

        seen.Remove(project);
        return seen;
    }

    private List<string>? Visit(string project, Dictionary<string, bool> state, List<string> path)
    {
        if (state.TryGetValue(project, out bool finished))
        {
            return finished ? null : [.. path.Skip(path.IndexOf(project)), project];
        }

        state[project] = false;
        path.Add(project);
        foreach (string reference in References.GetValueOrDefault(project, []))
        {
            if (Visit(reference, state, path) is { } cycle)
            {
                return cycle;
            }
        }

        path.RemoveAt(path.Count - 1);
        state[project] = true;
        return null;
    }

    private static string RepositoryRoot()
    {
        for (DirectoryInfo? dir = new(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StreamGuard.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("StreamGuard.sln was not found above the test's output folder.");
    }
}
