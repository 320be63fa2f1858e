using Engine.Silo.Commands;

return await SiloCommandLine.RunAsync(args);
