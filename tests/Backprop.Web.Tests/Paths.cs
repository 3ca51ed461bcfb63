using System.Reflection;

namespace Backprop.Web.Tests;

internal static class Paths
{
    /// <summary>The repository, recorded at build time (see the project file).</summary>
    public static string Root { get; } = typeof(Paths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "RepositoryRoot").Value!;
}
