using System.CommandLine;
using System.CommandLine.Parsing;
using ReadinessPipeline.Cli.Coach;
using ReadinessPipeline.Cli.Demo;
using ReadinessPipeline.Cli.Offline;
using ReadinessPipeline.Cli.Queues;
using ReadinessPipeline.Cli.Sample;
using ReadinessPipeline.Models;
using ReadinessPipeline.Surveys.Storage;

namespace ReadinessPipeline.Cli;

/// <summary>Every top-level command of the CLI, one feature folder each.</summary>
public static class Commands
{
    /// <summary>The whole <c>readiness</c> command tree.</summary>
    public static RootCommand Root()
    {
        var root = new RootCommand("readiness: the Readiness Pipeline command line for coaches and administrators.");
        foreach (var command in All())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>
    /// The arguments against the command tree. Response files are off: an argument starting with '@' (an id, a path)
    /// is taken as it is, never as the name of a file of more arguments to read.
    /// </summary>
    public static ParseResult Parse(IReadOnlyList<string> args) =>
        Root().Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });

    public static IEnumerable<Command> All() =>
    [
        SampleRoundCommand.Create(),
        DemoCommand.Create(),
        .. CoachCommands.All(),
        InstrumentsCommand.Create(),
        ScoreCommand.Create(),
        ClusterCommand.Create(),
        QueuesCommand.Create(),
    ];

    /// <summary>
    /// A file or folder path as an option or argument value: a path the system cannot take (empty, or with a NUL in
    /// it) is a usage error naming it, where the built-in conversion would throw.
    /// </summary>
    public static T? PathValue<T>(ArgumentResult result, Func<string, T> create)
        where T : FileSystemInfo
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value : "";
        try
        {
            return text.Length > 0 && !text.Contains('\0', StringComparison.Ordinal) ? create(text) : throw new ArgumentException("not a path");
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            result.AddError($"'{InputFile.Shown(text)}' is not a path this system can open.");
            return null;
        }
    }

    public static FileInfo? FilePath(ArgumentResult result) => PathValue(result, text => new FileInfo(text));

    public static DirectoryInfo? FolderPath(ArgumentResult result) => PathValue(result, text => new DirectoryInfo(text));

    /// <summary>The app's address, checked to be an absolute http(s) URL.</summary>
    public static Option<string> BaseUrlOption()
    {
        var option = new Option<string>("--base-url")
        {
            Description = "Where the app is served (default: $READINESS_URL, else http://localhost:7071).",
            DefaultValueFactory = _ => Environment.GetEnvironmentVariable("READINESS_URL") is { Length: > 0 } value ? value : "http://localhost:7071",
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                result.AddError($"--base-url must be an absolute http or https URL, not '{value}'.");
            }
        });
        return option;
    }

    /// <summary>
    /// Checks a network, round or school id on the command line against the app's id rule, so an id like ".." or
    /// "a/b" is refused before it becomes part of a request path (where "../" would address another resource).
    /// </summary>
    public static Option<T> MustBeId<T>(this Option<T> option)
    {
        option.Validators.Add(result => CheckId(result, option.Name, result.GetValueOrDefault<T>() as string));
        return option;
    }

    /// <inheritdoc cref="MustBeId{T}(Option{T})"/>
    public static Argument<string> MustBeId(this Argument<string> argument)
    {
        argument.Validators.Add(result => CheckId(result, $"<{argument.Name}>", result.GetValueOrDefault<string>()));
        return argument;
    }

    private static void CheckId(System.CommandLine.Parsing.SymbolResult result, string name, string? value)
    {
        if (value is not null && !Ids.IsValid(value))
        {
            result.AddError($"{name} must be {Ids.Rule}.");
        }
    }

    /// <summary>Storage to use: --storage, else AzureWebJobsStorage, else the local Azurite on its default ports.</summary>
    public static Option<string> StorageOption() => new("--storage")
    {
        Description = "Azure Storage connection string, or a storage account name to reach with your Azure sign-in (default: $AzureWebJobsStorage, else the local Azurite).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("AzureWebJobsStorage") is { Length: > 0 } value ? value : "UseDevelopmentStorage=true",
    };

    /// <summary>
    /// A connection string (it has '='), else an account name: the deployed account has no shared keys, so the
    /// operator signs in (az login) and needs a data role on it.
    /// </summary>
    public static StorageAccount OpenStorage(string value)
    {
        if (value.Contains('=', StringComparison.Ordinal))
        {
            return StorageAccount.FromConnectionString(value);
        }

        if (!System.Text.RegularExpressions.Regex.IsMatch(value, "^[a-z0-9]{3,24}$"))
        {
            throw new CliException($"--storage must be a connection string or a storage account name (3-24 lowercase letters and digits), not '{value}'.");
        }

        return StorageAccount.FromServiceUris(
            new Uri($"https://{value}.blob.core.windows.net"),
            new Uri($"https://{value}.queue.core.windows.net"),
            new Uri($"https://{value}.table.core.windows.net"),
            new Azure.Identity.DefaultAzureCredential());
    }
}
