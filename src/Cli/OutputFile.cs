using ReadinessPipeline.Cli.Coach;

namespace ReadinessPipeline.Cli;

/// <summary>
/// A file the command line writes: checked before any work (its folder must exist, and it must not be a folder),
/// written beside itself under a hidden name and moved into place whole, so a failure leaves no partial file.
/// </summary>
public static class OutputFile
{
    public static void Check(FileInfo file)
    {
        var path = InputFile.Shown(file.FullName);
        if (Directory.Exists(file.FullName))
        {
            throw new CliException($"{path} is a folder; give a file name.");
        }

        if (!Directory.Exists(file.DirectoryName))
        {
            throw new CliException($"{path} cannot be written: the folder {InputFile.Shown(file.DirectoryName ?? "")} does not exist.");
        }
    }

    public static async Task WriteAsync(FileInfo file, byte[] content, CancellationToken cancellationToken)
    {
        Check(file);
        var partial = Path.Combine(file.DirectoryName!, $".{file.Name}.partial-{Guid.NewGuid():N}");
        try
        {
            await File.WriteAllBytesAsync(partial, content, cancellationToken);
            File.Move(partial, file.FullName, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException($"{InputFile.Shown(file.FullName)} cannot be written: {InputFile.Shown(e.Message)}");
        }
        finally
        {
            File.Delete(partial);
        }
    }
}
