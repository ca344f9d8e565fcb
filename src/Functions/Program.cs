using ReadinessPipeline.Functions;
using ReadinessPipeline.Functions.Hosting;

switch (HostModes.Detect(args))
{
    case HostMode.Worker:
        await FunctionsApp.BuildWorker(args).RunAsync();
        return 0;
    case HostMode.Standalone:
        await FunctionsApp.Build(args).RunAsync();
        return 0;
    default:
        await Console.Error.WriteLineAsync(HostModes.RefusalMessage);
        return 1;
}
