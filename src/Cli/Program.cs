using ReadinessPipeline.Cli;

return await Commands.Parse(args).InvokeAsync();
