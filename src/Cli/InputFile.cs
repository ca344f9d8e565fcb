using System.Buffers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Unicode;
using ReadinessPipeline.Cli.Coach;

namespace ReadinessPipeline.Cli;

/// <summary>
/// A file named on the command line, read whole as text. Accepted: UTF-8, with or without a byte order mark, and
/// UTF-16 with its byte order mark. Anything else (Latin-1 or Windows-1252 text, UTF-16 without a byte order mark,
/// binary files, NUL characters) is refused with a <see cref="CliException"/> naming the file and the line, never
/// decoded to replacement characters; so are missing files, folders and files that cannot be read.
/// </summary>
public static class InputFile
{
    private const string SaveAs = "save it as UTF-8 (in a spreadsheet: \"CSV UTF-8\")";

    public static string ReadText(FileInfo file) => Decode(file.FullName, ReadBytes(file));

    /// <summary>The path as messages show it: control characters (a NUL, a line break) would cut the message.</summary>
    public static string Shown(string path) => new([.. path.Select(c => char.IsControl(c) ? '?' : c)]);

    private static byte[] ReadBytes(FileInfo file)
    {
        var path = Shown(file.FullName);
        if (Directory.Exists(file.FullName))
        {
            throw new CliException($"{path} is a folder, not a file.");
        }

        try
        {
            return File.ReadAllBytes(file.FullName);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new CliException($"The input file {path} does not exist.");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CliException($"{path} cannot be read: permission denied.");
        }
        catch (Exception e) when (e is IOException or ArgumentException or NotSupportedException)
        {
            throw new CliException($"{path} cannot be read: {Shown(e.Message)}");
        }
    }

    private static string Decode(string path, byte[] bytes)
    {
        var text = bytes switch
        {
            [0xFF, 0xFE, ..] => Utf16(path, bytes.AsSpan(2), bigEndian: false),
            [0xFE, 0xFF, ..] => Utf16(path, bytes.AsSpan(2), bigEndian: true),
            [0xEF, 0xBB, 0xBF, ..] => Utf8Text(path, bytes.AsSpan(3)),
            _ => Utf8Text(path, bytes),
        };
        var nul = text.IndexOf('\0', StringComparison.Ordinal);
        return nul < 0 ? text : throw Nul(path, text.AsSpan(0, nul));
    }

    /// <summary>UTF-8 up to the first NUL byte (UTF-16 without a byte order mark has one at once), then the NUL.</summary>
    private static string Utf8Text(string path, ReadOnlySpan<byte> bytes)
    {
        var nul = bytes.IndexOf((byte)0);
        var valid = nul < 0 ? bytes : bytes[..nul];
        var chars = new char[valid.Length];
        if (Utf8.ToUtf16(valid, chars, out var read, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            throw new CliException($"{Shown(path)}, line {LineAt(chars.AsSpan(0, written))}: byte 0x{valid[read]:X2} is not UTF-8 text (is the file Latin-1 or Windows-1252?); {SaveAs}.");
        }

        return nul < 0 ? new string(chars, 0, written) : throw Nul(path, chars.AsSpan(0, written));
    }

    private static CliException Nul(string path, ReadOnlySpan<char> before) =>
        new($"{Shown(path)}, line {LineAt(before)}: holds a NUL character, so it is not a text file or it is UTF-16 without a byte order mark; {SaveAs}.");

    private static string Utf16(string path, ReadOnlySpan<byte> bytes, bool bigEndian)
    {
        var chars = MemoryMarshal.Cast<byte, char>(bytes[..(bytes.Length & ~1)]).ToArray();
        if (bigEndian != !BitConverter.IsLittleEndian)
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)((chars[i] >> 8) | (chars[i] << 8));
            }
        }

        var bad = bytes.Length % 2 == 1 ? chars.Length : FirstLoneSurrogate(chars);
        return bad < 0
            ? new string(chars)
            : throw new CliException($"{Shown(path)}, line {LineAt(chars.AsSpan(0, bad))}: is not valid UTF-16 text; {SaveAs}.");
    }

    private static int FirstLoneSurrogate(char[] chars)
    {
        for (var i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The 1-based line that follows this text; CRLF, CR and LF each end a line.</summary>
    private static int LineAt(ReadOnlySpan<char> before)
    {
        var line = 1;
        for (var i = 0; i < before.Length; i++)
        {
            if (before[i] == '\n' || (before[i] == '\r' && (i + 1 == before.Length || before[i + 1] != '\n')))
            {
                line++;
            }
        }

        return line;
    }

    /// <summary>Text as UTF-8 bytes without a byte order mark (what the app's imports read).</summary>
    public static byte[] Utf8Bytes(string text) => new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
}
