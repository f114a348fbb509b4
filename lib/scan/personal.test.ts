import { describe, expect, it } from 'vitest';
import { isCardBrandNumber, isIbanValid, isLuhnValid } from './checksums';
import { scanText } from './scan-text';

/** What scanText finds as personal data: `kind:matched text`. */
function personal(text: string): string[] {
  return scanText(text, { categories: ['personal'] }).map((f) => `${f.kind}:${text.slice(f.start, f.end)}`);
}

describe('personal data: positives', () => {
  it.each<[string, string, string[]]>([
    ['email', 'write to mia.li3818@example.com.', ['email:mia.li3818@example.com']],
    ['email with plus and subdomain', '<a.b+tag@mail.corp.co.uk>', ['email:a.b+tag@mail.corp.co.uk']],
    ['email after a JSON \\n escape', '"hi\\nbob@example.org"', ['email:bob@example.org']],
    ['NANP dashes', 'phone number: 555-123-2002, current', ['phone:555-123-2002']],
    ['NANP parentheses and +1', 'call +1 (415) 555-0132 today', ['phone:+1 (415) 555-0132']],
    ['NANP dots', 'tel 212.555.0147', ['phone:212.555.0147']],
    ['international spaced', 'UK office +44 20 7946 0958', ['phone:+44 20 7946 0958']],
    ['international dashed', 'Paris +33-1-23-45-67-89.', ['phone:+33-1-23-45-67-89']],
    ['Visa spaced', 'card 4111 1111 1111 1111 exp 12/29', ['card_number:4111 1111 1111 1111']],
    ['Mastercard dashed', '5555-5555-5555-4444', ['card_number:5555-5555-5555-4444']],
    ['Amex 4-6-5', 'amex 3782 822463 10005', ['card_number:3782 822463 10005']],
    ['Visa plain in JSON', '{"number": "4012888888881881"}', ['card_number:4012888888881881']],
    ['IBAN grouped', 'IBAN DE89 3704 0044 0532 0130 00 please', ['iban:DE89 3704 0044 0532 0130 00']],
    ['IBAN compact', 'GB82WEST12345698765432', ['iban:GB82WEST12345698765432']],
    ['IPv4', 'client 203.0.113.195 connected', ['ip_address:203.0.113.195']],
    ['IPv4 with port', 'http://10.0.0.12:8080/x', ['ip_address:10.0.0.12']],
    ['IPv6 compressed', 'from 2001:db8::8a2e:370:7334', ['ip_address:2001:db8::8a2e:370:7334']],
    ['IPv6 full', 'fe80:0000:0000:0000:0202:b3ff:fe1e:8329', ['ip_address:fe80:0000:0000:0000:0202:b3ff:fe1e:8329']],
  ])('%s', (_, text, want) => expect(personal(text)).toEqual(want));
});

describe('personal data: look-alikes that must not match', () => {
  it.each<[string, string]>([
    ['order numbers', 'order #W1234567 and #W2378156, reservation 4WQ150'],
    ['tau2 ids', 'payment credit_card_7815826, user_id mia_li_3668, line L1002'],
    ['epoch seconds and ms', 'created 1718000000 at 1718000000123'],
    ['ISO timestamps', '2025-06-25T10:31:07.123456+00:00 and 2024-01-15 10:30:00'],
    ['dates and times', 'on 12/25/2024 at 10:30:00, 2024-123-45'],
    ['version strings', 'v1.2.3.4, version 10.0.0.1, Chrome/120.0.0.0, node@18.19.0.1, 1.2.3.4.5, 1.2.3.4-beta'],
    ['UUID', '550e8400-e29b-41d4-a716-446655440000'],
    [
      'sha1 and sha256',
      '3f786850e387550fdab836ed7e6dc881de23001b 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08',
    ],
    ['Luhn-failing card', '4111 1111 1111 1112'],
    ['Luhn-valid number without a card brand', '1234 5678 9012 3452'],
    ['long id', 'id 12345678901234567890'],
    ['bad IBAN checksum', 'DE88 3704 0044 0532 0130 00'],
    ['not emails', 'logo@2x.png, git@github.com:org/repo.git, @scope/pkg, user@localhost, pkg@1.2.3'],
    ['loopback and netmask', '127.0.0.1 and 255.255.255.0 and 0.0.0.0'],
    ['times and C++ paths', '10:30:00, std::vector, a::b, ::1'],
    ['SSN-like and ISBN', '123-45-6789, 978-3-16-148410-0'],
    ['phone-like area code 1xx', '123-456-7890'],
    ['scientific numbers', '1e+10 and 6.02e+23'],
    ['base64 with digits', 'iVBORw0KGgoAAAANSUhEUgAAA+4111111111111111+Z5555555555554444/'],
    ['money', '$1,234,567.89 and 1 234 567'],
  ])('%s', (_, text) => expect(personal(text)).toEqual([]));
});

describe('checksums', () => {
  it('Luhn', () => {
    expect(isLuhnValid('4111111111111111')).toBe(true);
    expect(isLuhnValid('4111111111111112')).toBe(false);
    expect(isLuhnValid('79927398713')).toBe(true);
  });
  it('card brands', () => {
    expect(isCardBrandNumber('378282246310005')).toBe(true); // Amex, 15
    expect(isCardBrandNumber('37828224631000')).toBe(false); // Amex, 14
    expect(isCardBrandNumber('1718000000123')).toBe(false); // epoch ms
  });
  it('IBAN mod 97', () => {
    expect(isIbanValid('GB82WEST12345698765432')).toBe(true);
    expect(isIbanValid('GB82WEST12345698765433')).toBe(false);
    expect(isIbanValid('XX82WEST12345698765432')).toBe(false);
  });
});
