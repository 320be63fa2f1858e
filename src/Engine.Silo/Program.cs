// Placeholder until the hosting code lands.
Console.WriteLine("Engine.Silo");
