using ReadinessPipeline.Cli;

return await Commands.Root().Parse(args).InvokeAsync();
