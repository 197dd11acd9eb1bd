import { compareCidrs, coversAddressSpace, cidrContains, normalisePorts, parseCidr, subtractCidr, subtractPorts, intersectPorts } from "../../policy";

describe("port arithmetic", () => {
  test("GIVEN a port subtracted from a range THEN both sides are left", () => {
    expect(subtractPorts([{ from: 1, to: 1000 }], [{ from: 22, to: 22 }])).toEqual([
      { from: 1, to: 21 },
      { from: 23, to: 1000 },
    ]);
  });
  test("GIVEN a covering or a disjoint range subtracted THEN nothing, or everything, is left", () => {
    expect(subtractPorts([{ from: 80, to: 80 }], [{ from: 0, to: 65535 }])).toEqual([]);
    expect(subtractPorts([{ from: 80, to: 80 }], [{ from: 81, to: 90 }])).toEqual([{ from: 80, to: 80 }]);
  });
  test("GIVEN overlapping and adjacent ranges THEN normalise merges them", () => {
    expect(
      normalisePorts([
        { from: 10, to: 12 },
        { from: 1, to: 3 },
        { from: 4, to: 5 },
        { from: 11, to: 20 },
      ]),
    ).toEqual([
      { from: 1, to: 5 },
      { from: 10, to: 20 },
    ]);
  });
  test("GIVEN two port lists THEN their intersection", () => {
    expect(
      intersectPorts(
        [{ from: 1, to: 100 }],
        [
          { from: 50, to: 200 },
          { from: 7, to: 7 },
        ],
      ),
    ).toEqual([
      { from: 7, to: 7 },
      { from: 50, to: 100 },
    ]);
  });
});

describe("CIDR arithmetic", () => {
  test("GIVEN CIDR text THEN parse canonicalises it and flags host bits", () => {
    expect(parseCidr("10.1.2.3")).toEqual({ family: 4, cidr: "10.1.2.3/32", hadHostBits: false });
    expect(parseCidr("10.1.2.3/16")).toEqual({ family: 4, cidr: "10.1.0.0/16", hadHostBits: true });
    expect(parseCidr("2001:0DB8::1/128")).toEqual({ family: 6, cidr: "2001:db8::1/128", hadHostBits: false });
    expect(parseCidr("10.1")).toHaveProperty("error");
    expect(parseCidr("::ffff:10.0.0.1")).toHaveProperty("error");
  });
  test.each(["010.0.0.1", "10.0.0.01/32", "10.00.0.0/16", "0x0a.0.0.0/8", "10.0.0.1/032", "fe80::1%eth0", "fe80::1%eth0/128", "2001:db8::/129"])(
    "GIVEN %j (octal, hexadecimal, padded, or a zone no rule can mean) THEN it is refused, not read as another address",
    (text) => expect(parseCidr(text)).toHaveProperty("error"),
  );
  test.each([
    ["0.0.0.0/0", "0.0.0.0/0"],
    ["10.0.0.0/8", "10.0.0.0/8"],
    ["100.64.0.0/10", "100.64.0.0/10"],
    ["192.0.2.10", "192.0.2.10/32"],
    ["fe80::1/128", "fe80::1/128"],
  ])("GIVEN %j, with zeros that are octets of their own THEN it is read as written", (text, cidr) => expect(parseCidr(text)).toMatchObject({ cidr }));
  test("GIVEN a /24 subtracted from its /22 THEN the three other pieces as minimal CIDRs", () => {
    expect(subtractCidr("10.0.0.0/22", "10.0.1.0/24")).toEqual(["10.0.0.0/24", "10.0.2.0/23"]);
    expect(subtractCidr("10.0.0.0/24", "10.0.0.0/8")).toEqual([]);
    expect(subtractCidr("10.0.0.0/24", "192.168.0.0/16")).toEqual(["10.0.0.0/24"]);
  });
  test("GIVEN CIDRs of both families THEN containment and ordering respect the family", () => {
    expect(cidrContains("0.0.0.0/0", "10.0.0.0/8")).toBe(true);
    expect(cidrContains("::/0", "10.0.0.0/8")).toBe(false);
    expect(["::/0", "10.0.0.0/8", "10.0.0.0/16", "9.0.0.0/8"].sort(compareCidrs)).toEqual(["9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "::/0"]);
  });
});

describe("the whole address space", () => {
  test("GIVEN networks THEN only 0.0.0.0/0 and ::/0 cover a family's whole space, each only its own family", () => {
    expect(coversAddressSpace("0.0.0.0/0", 4)).toBe(true);
    expect(coversAddressSpace("::/0", 6)).toBe(true);
    expect(coversAddressSpace("0.0.0.0/0", 6)).toBe(false);
    expect(coversAddressSpace("::/0", 4)).toBe(false);
    expect(coversAddressSpace("0.0.0.0/1", 4)).toBe(false);
    expect(coversAddressSpace("128.0.0.0/1", 4)).toBe(false);
    expect(coversAddressSpace("::/1", 6)).toBe(false);
  });
});
