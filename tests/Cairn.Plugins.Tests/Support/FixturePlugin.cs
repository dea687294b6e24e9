using Cairn.Contracts.Plugins;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Cairn.Plugins.Tests.Support;

/// <summary>Compiles a small plugin from source at test time, to check how the host treats broken ones.</summary>
public static class FixturePlugin
{
    /// <summary>Compiles <paramref name="source"/> into <paramref name="folder"/>/<paramref name="assemblyName"/>.dll and writes a manifest.</summary>
    public static void Create(string folder, string id, string kind, string source, string? assemblyName = null, int contracts = 1, IEnumerable<string>? extraReferences = null)
    {
        assemblyName ??= "Fixture." + id.Replace('-', '_');
        Directory.CreateDirectory(folder);
        Compile(Path.Combine(folder, assemblyName + ".dll"), assemblyName, source, extraReferences);
        WriteManifest(folder, $$"""{ "id": "{{id}}", "kind": "{{kind}}", "version": "9.9.9", "contracts": {{contracts}}, "assembly": "{{assemblyName}}.dll" }""");
    }

    public static void WriteManifest(string folder, string json)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "cairn-plugin.json"), json);
    }

    /// <summary>Compiles against the running framework and (unless replaced) the host's Cairn.Contracts.</summary>
    public static void Compile(string outputPath, string assemblyName, string source, IEnumerable<string>? extraReferences = null)
    {
        var frameworkAssemblies = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(p => Path.GetFileName(p).StartsWith("System.", StringComparison.Ordinal) || Path.GetFileName(p) is "netstandard.dll" or "mscorlib.dll");
        var references = frameworkAssemblies
            .Concat(extraReferences ?? [typeof(ICairnPlugin).Assembly.Location])
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            assemblyName,
            [CSharpSyntaxTree.ParseText(source)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        var result = compilation.Emit(outputPath);
        if (!result.Success)
        {
            throw new InvalidOperationException("fixture did not compile: " + string.Join("; ", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        }
    }

    /// <summary>A compressor provider with the given id and constructor body.</summary>
    public static string CompressorSource(string id, string constructorBody = "", string className = "FixtureCompressorProvider") => $$"""
        using System;
        using Cairn.Contracts.Compression;
        using Cairn.Contracts.Plugins;
        namespace Fixture;
        public sealed class {{className}} : ICompressorProvider
        {
            public {{className}}() { {{constructorBody}} }
            public string Id => "{{id}}";
            public PluginKind Kind => PluginKind.Compressor;
            public string Description => "fixture";
            public int DefaultLevel => 0;
            public ICompressor Create(int? level = null) => throw new NotSupportedException();
        }
        """;
}
