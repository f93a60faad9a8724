/* Reads an iCalendar file with libical (the C reference) and fails on any error it reports: parse errors
 * (X-LIC-ERROR properties) and RFC 5545/5546 restriction violations (icalrestriction_check).
 * Usage: libical_check FILE.ics   Prints "libical: N components, 0 errors" or the errors, exit 1. */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>

static int report(icalcomponent *c, int *errors) {
    int n = 1;
    for (icalproperty *p = icalcomponent_get_first_property(c, ICAL_XLICERROR_PROPERTY); p;
         p = icalcomponent_get_next_property(c, ICAL_XLICERROR_PROPERTY)) {
        if (*errors < 20) fprintf(stderr, "libical error in %s: %s\n", icalcomponent_kind_to_string(icalcomponent_isa(c)),
                                  icalproperty_get_xlicerror(p));
        (*errors)++;
    }
    for (icalcomponent *s = icalcomponent_get_first_component(c, ICAL_ANY_COMPONENT); s;
         s = icalcomponent_get_next_component(c, ICAL_ANY_COMPONENT)) n += report(s, errors);
    return n;
}

int main(int argc, char **argv) {
    if (argc != 2) { fprintf(stderr, "usage: libical_check FILE.ics\n"); return 2; }
    FILE *f = fopen(argv[1], "rb");
    if (!f) { perror(argv[1]); return 2; }
    fseek(f, 0, SEEK_END);
    long size = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *text = malloc(size + 1);
    if (fread(text, 1, size, f) != (size_t)size) { perror("read"); return 2; }
    text[size] = 0;
    fclose(f);
    icalcomponent *cal = icalparser_parse_string(text);
    if (!cal) { fprintf(stderr, "libical: cannot parse %s\n", argv[1]); return 1; }
    icalrestriction_check(cal);
    int errors = 0;
    int n = report(cal, &errors);
    printf("libical: %s: %d components, %d errors\n", argv[1], n, errors);
    icalcomponent_free(cal);
    free(text);
    return errors == 0 ? 0 : 1;
}
