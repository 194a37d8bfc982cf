namespace NumCodecs.Tests;

/// <summary>Locations in the source tree, found by walking up from the test assembly to NumCodecs.sln.</summary>
internal static class RepositoryPaths
{
    private static readonly Lazy<string> s_root = new(FindRoot);

    public static string Root => s_root.Value;

    public static string TopLevelCMakeLists => Path.Combine(Root, "CMakeLists.txt");

    public static string ExportsList => Path.Combine(Root, "native", "exports.txt");

    public static string NativeBuildDirectory =>
        Path.Combine(Root, "artifacts", "native", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier);

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "NumCodecs.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No NumCodecs.sln above {AppContext.BaseDirectory}.");
    }
}
