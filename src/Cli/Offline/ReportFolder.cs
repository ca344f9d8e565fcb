using System.Security.Cryptography;
using System.Text;
using ReadinessPipeline.Cli.Coach;

namespace ReadinessPipeline.Cli.Offline;

/// <summary>
/// The <c>--output</c> folder of <c>score</c>: checked before scoring, filled in a hidden folder beside it, and moved
/// into place only once every report is written, so a failure leaves the folder as it was (or absent). Report file
/// names come from school ids, made safe: an id cannot name a path outside the folder or another report's file.
/// </summary>
internal static class ReportFolder
{
    /// <summary>Names the network's own files take.</summary>
    private static readonly string[] Reserved = ["network", "schools"];

    /// <summary>Refuses a folder that is a file, or sits under one.</summary>
    public static void Check(DirectoryInfo? folder)
    {
        if (folder is not null && FirstExisting(folder.FullName) is { } existing && File.Exists(existing))
        {
            throw new CliException(existing == folder.FullName.TrimEnd(Path.DirectorySeparatorChar)
                ? $"--output {Shown(folder)} is a file; give a folder (it is made if missing)."
                : $"--output {Shown(folder)} cannot be made: {InputFile.Shown(existing)} is a file.");
        }
    }

    /// <summary>Runs <paramref name="write"/> on an empty folder, then moves what it wrote into <paramref name="folder"/>.</summary>
    public static async Task WriteAsync(DirectoryInfo folder, Func<DirectoryInfo, Task> write)
    {
        Check(folder);
        var beside = Path.GetDirectoryName(folder.FullName.TrimEnd(Path.DirectorySeparatorChar)) is { } parent ? FirstExisting(parent) : null;
        var staging = Path.Combine(beside ?? Path.GetTempPath(), $".{folder.Name}.partial-{Guid.NewGuid():N}");
        try
        {
            await write(Directory.CreateDirectory(staging));
            MoveInto(new DirectoryInfo(staging), folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"--output {Shown(folder)}: the reports could not be written ({InputFile.Shown(e.Message)}); nothing was changed there.");
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }

        Console.Error.WriteLine($"Reports written to {Shown(folder)}");
    }

    /// <summary>A school's report file: its id when that is a plain file name, else a safe name with a hash of the id.</summary>
    public static string FileName(string schoolId, string suffix)
    {
        var safe = new string([.. schoolId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').Take(80)]).TrimStart('.');
        var plain = safe == schoolId && !Reserved.Contains(safe, StringComparer.OrdinalIgnoreCase);
        return (plain ? safe : $"{safe}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(schoolId)))[..12]}") + suffix;
    }

    private static void MoveInto(DirectoryInfo staging, DirectoryInfo folder)
    {
        if (!folder.Exists)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(folder.FullName.TrimEnd(Path.DirectorySeparatorChar)) ?? folder.FullName);
            staging.MoveTo(folder.FullName);
            return;
        }

        var files = staging.GetFiles();
        if (files.FirstOrDefault(f => Directory.Exists(Path.Combine(folder.FullName, f.Name))) is { } blocked)
        {
            throw new IOException($"{Path.Combine(folder.FullName, blocked.Name)} is a folder");
        }

        foreach (var file in files)
        {
            file.MoveTo(Path.Combine(folder.FullName, file.Name), overwrite: true);
        }
    }

    /// <summary>The path itself or its nearest ancestor that exists (as a folder or a file).</summary>
    private static string? FirstExisting(string start)
    {
        for (var path = start.TrimEnd(Path.DirectorySeparatorChar); !string.IsNullOrEmpty(path); path = Path.GetDirectoryName(path))
        {
            if (Directory.Exists(path) || File.Exists(path))
            {
                return path;
            }
        }

        return null;
    }

    private static string Shown(DirectoryInfo folder) => InputFile.Shown(folder.FullName);
}
