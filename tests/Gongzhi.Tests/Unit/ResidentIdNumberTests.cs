using Gongzhi.Modules.Registry.Domain;
using Xunit;

namespace Gongzhi.Tests.Unit;

public sealed class ResidentIdNumberTests
{
    [Theory]
    [InlineData("11010519491231002X", 1949, 12, 31, Sex.Female)] // the example of GB 11643-1999
    [InlineData("440524188001010014", 1880, 1, 1, Sex.Male)]
    public void Valid_numbers_give_birth_date_and_sex(string value, int year, int month, int day, Sex sex)
    {
        Assert.Equal(ResidentIdNumber.Problem.None, ResidentIdNumber.Validate(value, out var id));
        Assert.Equal(new DateOnly(year, month, day), id.BirthDate);
        Assert.Equal(sex, id.Sex);
    }

    [Theory]
    [InlineData("110105194912310021", ResidentIdNumber.Problem.Checksum)]
    [InlineData("11010519491231002", ResidentIdNumber.Problem.Length)]
    [InlineData("1101051949123100AX", ResidentIdNumber.Problem.Characters)]
    [InlineData("110105194902300025", ResidentIdNumber.Problem.BirthDate)] // 30 February
    [InlineData(null, ResidentIdNumber.Problem.Length)]
    public void Invalid_numbers_say_what_is_wrong(string? value, ResidentIdNumber.Problem problem) =>
        Assert.Equal(problem, ResidentIdNumber.Validate(value, out _));

    [Fact]
    public void Lower_case_x_and_spaces_are_accepted()
    {
        Assert.Equal(ResidentIdNumber.Problem.None, ResidentIdNumber.Validate(" 11010519491231002x ", out var id));
        Assert.Equal("11010519491231002X", id.Value);
    }

    [Fact]
    public void Created_numbers_are_valid_and_agree_with_the_person()
    {
        var random = new Random(7);
        for (var i = 0; i < 500; i++)
        {
            var birth = new DateOnly(1930, 1, 1).AddDays(random.Next(0, 33000));
            var sex = random.Next(2) == 0 ? Sex.Male : Sex.Female;
            var value = ResidentIdNumber.Create("370811", birth, random.Next(0, 500), sex);
            Assert.Equal(ResidentIdNumber.Problem.None, ResidentIdNumber.Validate(value, out var id));
            Assert.Equal(birth, id.BirthDate);
            Assert.Equal(sex, id.Sex);
        }
    }
}
