using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using Backprop.Lang.Evaluation;

namespace Backprop.Lang.Tests;

/// <summary>
/// Backprop.Lang is a library a web page, a notebook or a server hosts: it must leave the host's process as it found
/// it. This reads the compiled library for calls that change a process-wide setting (a no-GC region, a GC latency
/// mode, a forced collection, culture, AppContext switches, environment variables, the thread pool) or reach the
/// console. (Running it could not tell: a no-GC region ends before the parse returns, and other tests share the GC.)
/// </summary>
public sealed class HostProcessTests
{
    /// <summary>Type and member of every call the library may not make, as the metadata names them.</summary>
    private static readonly (string Type, string Member)[] ProcessWide =
    [
        ("System.GC", "TryStartNoGCRegion"),
        ("System.GC", "EndNoGCRegion"),
        ("System.GC", "Collect"),
        ("System.GC", "AddMemoryPressure"),
        ("System.GC", "RegisterNoGCRegionCallback"),
        ("System.GC", "RefreshMemoryLimit"),
        ("System.Runtime.GCSettings", "set_LatencyMode"),
        ("System.Runtime.GCSettings", "set_LargeObjectHeapCompactionMode"),
        ("System.AppContext", "SetSwitch"),
        ("System.AppContext", "SetData"),
        ("System.Environment", "SetEnvironmentVariable"),
        ("System.Environment", "Exit"),
        ("System.Threading.ThreadPool", "SetMinThreads"),
        ("System.Threading.ThreadPool", "SetMaxThreads"),
        ("System.Globalization.CultureInfo", "set_CurrentCulture"),
        ("System.Globalization.CultureInfo", "set_DefaultThreadCurrentCulture"),
        ("System.Runtime.CompilerServices.RuntimeHelpers", "PrepareMethod"),
    ];

    [Fact]
    public void Library_CallsNothingThatChangesTheHostProcess()
    {
        var calls = CalledMembers(typeof(Session).Assembly.Location);

        var offending = calls.Where(c => ProcessWide.Contains(c) || c.Type == "System.Console").Order().ToArray();

        Assert.Empty(offending);
        Assert.Contains(("System.String", "Concat"), calls); // the reader does see the library's calls
    }

    /// <summary>(declaring type, member name) of every method and field the assembly refers to in another assembly.</summary>
    private static HashSet<(string Type, string Member)> CalledMembers(string path)
    {
        using var stream = File.OpenRead(path);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var members = new HashSet<(string, string)>();
        foreach (var handle in metadata.MemberReferences)
        {
            var member = metadata.GetMemberReference(handle);
            if (member.Parent.Kind == HandleKind.TypeReference)
            {
                var type = metadata.GetTypeReference((TypeReferenceHandle)member.Parent);
                string ns = metadata.GetString(type.Namespace);
                members.Add(((ns.Length > 0 ? ns + "." : "") + metadata.GetString(type.Name), metadata.GetString(member.Name)));
            }
        }
        return members;
    }
}
