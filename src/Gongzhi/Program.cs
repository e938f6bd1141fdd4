using Gongzhi.Infrastructure;
using Gongzhi.Infrastructure.Cli;

var (verb, verbArgs, hostArgs) = CommandLine.Split(args);
var builder = WebApplication.CreateBuilder(hostArgs);
builder.AddGongzhi();
var app = builder.Build();
app.UseGongzhi();
return await CommandLine.RunAsync(app, verb, verbArgs);

/// <summary>The entry point, visible to the test host.</summary>
public partial class Program;
