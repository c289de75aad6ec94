<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>Pd::Core::ApiError</name>
    <message>
        <location filename="../core/api/apierror.cpp" line="+49"/>
        <source> (reached max retries: %1)</source>
        <translation> (maximale Anzahl von Wiederholungen erreicht: %1)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Parameter validation failed for the %1 operation; nothing was sent:</source>
        <translation>Die Parameterprüfung für die Operation %1 ist fehlgeschlagen; es wurde nichts gesendet:</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+43"/>
        <source>Configuration error: %1</source>
        <translation>Konfigurationsfehler: %1</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Network error when calling the %1 operation%2: %3</source>
        <translation>Netzwerkfehler beim Aufruf der Operation %1%2: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Timed out when calling the %1 operation%2: %3</source>
        <translation>Zeitüberschreitung beim Aufruf der Operation %1%2: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The %1 operation was cancelled.</source>
        <translation>Die Operation %1 wurde abgebrochen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The %1 operation returned an invalid response: %2</source>
        <translation>Die Operation %1 hat eine ungültige Antwort geliefert: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>An error occurred (%1) when calling the %2 operation%3: %4</source>
        <translation>Beim Aufruf der Operation %2 ist ein Fehler aufgetreten (%1)%3: %4</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Request refused locally: %1</source>
        <translation>Anfrage lokal abgelehnt: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>HTTP %1</source>
        <translation>HTTP %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> (HTTP %1)</source>
        <translation> (HTTP %1)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source> [request %1]</source>
        <translation> [Anfrage %1]</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n request member(s) failed validation.</source>
        <translation>
            <numerusform>%n Anfragefeld hat die Prüfung nicht bestanden.</numerusform>
            <numerusform>%n Anfragefelder haben die Prüfung nicht bestanden.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/api/errorparser.cpp" line="+248"/>
        <source>The service returned %1 with an empty body.</source>
        <translation>Der Dienst hat %1 mit leerem Inhalt zurückgegeben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service returned %1 with a body that is not a JSON error object: %2</source>
        <translation>Der Dienst hat %1 mit einem Inhalt zurückgegeben, der kein JSON-Fehlerobjekt ist: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The service returned %1 without an error message.</source>
        <translation>Der Dienst hat %1 ohne Fehlermeldung zurückgegeben.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AttentionView</name>
    <message>
        <location filename="../core/model/attentionview.cpp" line="+66"/>
        <source>Action Required</source>
        <translation>Handlungsbedarf</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Overdue</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closing this month</source>
        <translation>Abschluss diesen Monat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closing this quarter</source>
        <translation>Abschluss dieses Quartal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No update in 30 days</source>
        <translation>Seit 30 Tagen nicht aktualisiert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Changed since I last looked</source>
        <translation>Seit dem letzten Ansehen geändert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Opportunities whose review status is Action Required: AWS waits for an answer.</source>
        <translation>Verkaufschancen mit dem Prüfstatus „Handlungsbedarf“: AWS wartet auf eine Antwort.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities whose target close date has passed.</source>
        <translation>Offene Verkaufschancen, deren geplantes Abschlussdatum verstrichen ist.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities due to close from today to the end of this month.</source>
        <translation>Offene Verkaufschancen mit geplantem Abschluss von heute bis Ende dieses Monats.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities due to close from today to the end of this quarter.</source>
        <translation>Offene Verkaufschancen mit geplantem Abschluss von heute bis Ende dieses Quartals.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities last changed more than 30 days ago.</source>
        <translation>Verkaufschancen, die zuletzt vor mehr als 30 Tagen geändert wurden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities a sync changed since you last looked at them.</source>
        <translation>Verkaufschancen, die eine Synchronisierung geändert hat, seit Sie sie zuletzt angesehen haben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities whose review status is Rejected.</source>
        <translation>Verkaufschancen mit dem Prüfstatus „Abgelehnt“.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AwsClient</name>
    <message>
        <location filename="../core/api/awsclient.cpp" line="+29"/>
        <source>No AWS credentials are configured.</source>
        <translation>Es sind keine AWS-Anmeldedaten eingerichtet.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AwsConfigFile</name>
    <message>
        <location filename="../core/aws/awsconfigfile.cpp" line="+69"/>
        <source>this is a folder, not a file</source>
        <translation>dies ist ein Ordner, keine Datei</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+8"/>
        <source>the file is larger than %1 MiB</source>
        <translation>die Datei ist größer als %1 MiB</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>the line is not valid UTF-8 text</source>
        <translation>die Zeile ist kein gültiger UTF-8-Text</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>expected “key = value” inside the nested “%1” settings</source>
        <translation>„Schlüssel = Wert“ in den verschachtelten Einstellungen „%1“ erwartet</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>the section header has no closing “]”</source>
        <translation>dem Abschnittskopf fehlt die schließende „]“</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the section name is empty</source>
        <translation>der Abschnittsname ist leer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the section [%1] appears twice (first on line %2)</source>
        <translation>der Abschnitt [%1] kommt doppelt vor (zuerst in Zeile %2)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>“%1” comes before the first [section] header</source>
        <translation>„%1“ steht vor dem ersten [Abschnitt]-Kopf</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>expected “key = value”</source>
        <translation>„Schlüssel = Wert“ erwartet</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the key name before “%1” is missing</source>
        <translation>der Schlüsselname vor „%1“ fehlt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the key “%1” appears twice in [%2] (first on line %3)</source>
        <translation>der Schlüssel „%1“ kommt in [%2] doppelt vor (zuerst in Zeile %3)</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>%1, line %2: %3</source>
        <translation>%1, Zeile %2: %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AwsJsonCall</name>
    <message>
        <location filename="../core/api/awsjsoncall.cpp" line="+148"/>
        <source>The request was cancelled.</source>
        <translation>Die Anfrage wurde abgebrochen.</translation>
    </message>
    <message>
        <location line="+117"/>
        <location line="+30"/>
        <location line="+20"/>
        <source>The client of this call no longer exists.</source>
        <translation>Der Client dieses Aufrufs existiert nicht mehr.</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>No AWS credentials are configured.</source>
        <translation>Es sind keine AWS-Anmeldedaten eingerichtet.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No AWS credentials are available.</source>
        <translation>Es sind keine AWS-Anmeldedaten verfügbar.</translation>
    </message>
    <message>
        <location line="+170"/>
        <source>The response is larger than %1 MiB; it was not read.</source>
        <translation>Die Antwort ist größer als %1 MiB und wurde nicht gelesen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No data arrived for %1 ms; the attempt timed out.</source>
        <translation>%1 ms lang sind keine Daten eingetroffen; der Versuch wurde wegen Zeitüberschreitung beendet.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The connection closed after %1 of %2 bytes of the response.</source>
        <translation>Die Verbindung wurde nach %1 von %2 Bytes der Antwort geschlossen.</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>The server closed the connection without a response.</source>
        <translation>Der Server hat die Verbindung ohne Antwort geschlossen.</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>The endpoint answered with a redirect (HTTP %1) to &quot;%2&quot;; redirects are not followed. Check the endpoint URL.</source>
        <translation>Der Endpunkt hat mit einer Weiterleitung (HTTP %1) nach „%2“ geantwortet; Weiterleitungen werden nicht verfolgt. Prüfen Sie die Endpunkt-URL.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CaBundle</name>
    <message>
        <location filename="../core/http/cabundle.cpp" line="+11"/>
        <source>The CA bundle %1 could not be read: %2</source>
        <translation>Das CA-Bundle %1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The CA bundle %1 holds no PEM certificate.</source>
        <translation>Das CA-Bundle %1 enthält kein PEM-Zertifikat.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ConnectionResolver</name>
    <message>
        <location filename="../core/aws/connectionresolver.cpp" line="+71"/>
        <source>%1 of profile %2 (%3, line %4)</source>
        <translation>%1 des Profils %2 (%3, Zeile %4)</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>The profile “%1” (from %2) could not be found in %3, in %4 or among the PartnerDesk profiles.</source>
        <translation>Das Profil „%1“ (aus %2) wurde weder in %3 noch in %4 noch unter den PartnerDesk-Profilen gefunden.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.</source>
        <translation>AWS_ACCESS_KEY_ID ist gesetzt, AWS_SECRET_ACCESS_KEY jedoch nicht.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>environment variables</source>
        <translation>Umgebungsvariablen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Profile %1 assumes a role (role_arn), which PartnerDesk does not support. Give it temporary keys, or use a profile with credential_process = aws configure export-credentials --profile %1 --format process.</source>
        <translation>Das Profil %1 übernimmt eine Rolle (role_arn), was PartnerDesk nicht unterstützt. Hinterlegen Sie temporäre Schlüssel oder verwenden Sie ein Profil mit credential_process = aws configure export-credentials --profile %1 --format process.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Profile %1 uses a web identity token (web_identity_token_file), which PartnerDesk does not support.</source>
        <translation>Das Profil %1 verwendet ein Web-Identity-Token (web_identity_token_file), was PartnerDesk nicht unterstützt.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Profile %1 signs in through IAM Identity Center (SSO), which PartnerDesk does not support directly. Use a profile with credential_process = aws configure export-credentials --profile %1 --format process.</source>
        <translation>Das Profil %1 meldet sich über IAM Identity Center (SSO) an, was PartnerDesk nicht direkt unterstützt. Verwenden Sie ein Profil mit credential_process = aws configure export-credentials --profile %1 --format process.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Profile %1 in %2 has aws_access_key_id but no aws_secret_access_key.</source>
        <translation>Das Profil %1 in %2 hat aws_access_key_id, aber kein aws_secret_access_key.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>profile %1 (%2)</source>
        <translation>Profil %1 (%2)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Profile %1 has no credentials: add aws_access_key_id and aws_secret_access_key, or credential_process, to it in %2 or %3.</source>
        <translation>Das Profil %1 hat keine Anmeldedaten: Ergänzen Sie aws_access_key_id und aws_secret_access_key oder credential_process in %2 oder %3.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No AWS credentials were found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile, add a [default] profile to %1, or create a PartnerDesk profile.</source>
        <translation>Es wurden keine AWS-Anmeldedaten gefunden. Setzen Sie AWS_ACCESS_KEY_ID und AWS_SECRET_ACCESS_KEY, wählen Sie ein Profil, ergänzen Sie ein [default]-Profil in %1 oder legen Sie ein PartnerDesk-Profil an.</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+49"/>
        <source>PartnerDesk profile %1</source>
        <translation>PartnerDesk-Profil %1</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The region “%1” (from %2) is not a valid region name.</source>
        <translation>Die Region „%1“ (aus %2) ist kein gültiger Regionsname.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>[services %1] %2 endpoint_url in %3</source>
        <translation>[services %1] %2 endpoint_url in %3</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>default for region %1</source>
        <translation>Standard für Region %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The endpoint URL “%1” (from %2) is not valid: it must look like https://host[:port].</source>
        <translation>Die Endpunkt-URL „%1“ (aus %2) ist ungültig: Sie muss die Form https://host[:port] haben.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The endpoint URL “%1” (from %2) may not contain a user name, a query or a fragment.</source>
        <translation>Die Endpunkt-URL „%1“ (aus %2) darf weder Benutzernamen noch Abfrage noch Fragment enthalten.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (The endpoint came from %2.)</source>
        <translation>%1 (Der Endpunkt stammt aus %2.)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The retry mode “%1” (from %2) is not one of standard, legacy or adaptive.</source>
        <translation>Der Wiederholungsmodus „%1“ (aus %2) ist weder standard noch legacy noch adaptive.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The maximum number of attempts “%1” (from %2) is not a positive whole number.</source>
        <translation>Die maximale Anzahl von Versuchen „%1“ (aus %2) ist keine positive ganze Zahl.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>%1 (The proxy came from the connection settings.)</source>
        <translation>%1 (Der Proxy stammt aus den Verbindungseinstellungen.)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the connection settings</source>
        <translation>den Verbindungseinstellungen</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the system proxy settings</source>
        <translation>den Proxy-Einstellungen des Systems</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system proxy for %1 is not an HTTP proxy, which PartnerDesk does not support. Choose a manual HTTP proxy in the connection settings.</source>
        <translation>Der Systemproxy für %1 ist kein HTTP-Proxy, was PartnerDesk nicht unterstützt. Wählen Sie in den Verbindungseinstellungen einen manuellen HTTP-Proxy.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 (The proxy came from %2.)</source>
        <translation>%1 (Der Proxy stammt aus %2.)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%1 (The CA bundle came from %2.)</source>
        <translation>%1 (Das CA-Bundle stammt aus %2.)</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ConnectionTest</name>
    <message>
        <location filename="../core/api/connectiontest.cpp" line="+33"/>
        <source>%1 The service said: “%2”</source>
        <translation>%1 Meldung des Dienstes: „%2“</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Catalog %1: connected. These credentials may list opportunities (%2 ms).</source>
        <translation>Katalog %1: verbunden. Mit diesen Anmeldedaten können Verkaufschancen aufgelistet werden (%2 ms).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Catalog %1: access denied. The keys are valid, but their IAM identity is not allowed the action %2 for this catalog. Add it to a policy; the condition key %3 can limit it to the catalogs you use.</source>
        <translation>Katalog %1: Zugriff verweigert. Die Schlüssel sind gültig, aber ihrer IAM-Identität ist die Aktion %2 für diesen Katalog nicht erlaubt. Nehmen Sie sie in eine Richtlinie auf; mit dem Bedingungsschlüssel %3 lässt sie sich auf die genutzten Kataloge beschränken.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Catalog %1: the signature was rejected. The secret access key does not belong to this access key ID, or this computer&apos;s clock is wrong.</source>
        <translation>Katalog %1: Die Signatur wurde abgelehnt. Der geheime Zugriffsschlüssel gehört nicht zu dieser Zugriffsschlüssel-ID, oder die Uhr dieses Computers geht falsch.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Catalog %1: AWS does not know this access key ID (or its session token). Check for typing mistakes, or whether the key was deactivated or deleted.</source>
        <translation>Katalog %1: AWS kennt diese Zugriffsschlüssel-ID (oder ihr Sitzungstoken) nicht. Prüfen Sie auf Tippfehler und ob der Schlüssel deaktiviert oder gelöscht wurde.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Catalog %1: the credentials have expired. Get new temporary credentials and a new session token.</source>
        <translation>Katalog %1: Die Anmeldedaten sind abgelaufen. Besorgen Sie neue temporäre Anmeldedaten und ein neues Sitzungstoken.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Catalog %1: the credentials were refused (%2).</source>
        <translation>Katalog %1: Die Anmeldedaten wurden abgelehnt (%2).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Catalog %1: nothing was sent. %2</source>
        <translation>Katalog %1: Es wurde nichts gesendet. %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service could not be reached: %2</source>
        <translation>Katalog %1: Der Dienst ist nicht erreichbar: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service did not answer in time.</source>
        <translation>Katalog %1: Der Dienst hat nicht rechtzeitig geantwortet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service is throttling requests for this account. Try again in a moment.</source>
        <translation>Katalog %1: Der Dienst drosselt gerade die Anfragen dieses Kontos. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Catalog %1: cancelled.</source>
        <translation>Katalog %1: abgebrochen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Catalog %1: the service answered %2 (HTTP %3).</source>
        <translation>Katalog %1: Der Dienst hat mit %2 geantwortet (HTTP %3).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Catalog %1: the request failed: %2</source>
        <translation>Katalog %1: Die Anfrage ist fehlgeschlagen: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CountryNames</name>
    <message>
        <location filename="../core/model/countrynames.cpp" line="+23"/>
        <source>United States</source>
        <comment>country</comment>
        <translation>Vereinigte Staaten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Afghanistan</source>
        <comment>country</comment>
        <translation>Afghanistan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Åland Islands</source>
        <comment>country</comment>
        <translation>Ålandinseln</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Albania</source>
        <comment>country</comment>
        <translation>Albanien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Algeria</source>
        <comment>country</comment>
        <translation>Algerien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>American Samoa</source>
        <comment>country</comment>
        <translation>Amerikanisch-Samoa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Andorra</source>
        <comment>country</comment>
        <translation>Andorra</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Angola</source>
        <comment>country</comment>
        <translation>Angola</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anguilla</source>
        <comment>country</comment>
        <translation>Anguilla</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Antarctica</source>
        <comment>country</comment>
        <translation>Antarktis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Argentina</source>
        <comment>country</comment>
        <translation>Argentinien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Armenia</source>
        <comment>country</comment>
        <translation>Armenien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Aruba</source>
        <comment>country</comment>
        <translation>Aruba</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Australia</source>
        <comment>country</comment>
        <translation>Australien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Austria</source>
        <comment>country</comment>
        <translation>Österreich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Azerbaijan</source>
        <comment>country</comment>
        <translation>Aserbaidschan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bahamas</source>
        <comment>country</comment>
        <translation>Bahamas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bahrain</source>
        <comment>country</comment>
        <translation>Bahrain</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bangladesh</source>
        <comment>country</comment>
        <translation>Bangladesch</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Barbados</source>
        <comment>country</comment>
        <translation>Barbados</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belarus</source>
        <comment>country</comment>
        <translation>Belarus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belgium</source>
        <comment>country</comment>
        <translation>Belgien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belize</source>
        <comment>country</comment>
        <translation>Belize</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Benin</source>
        <comment>country</comment>
        <translation>Benin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bermuda</source>
        <comment>country</comment>
        <translation>Bermuda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bhutan</source>
        <comment>country</comment>
        <translation>Bhutan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bolivia</source>
        <comment>country</comment>
        <translation>Bolivien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caribbean Netherlands</source>
        <comment>country</comment>
        <translation>Karibische Niederlande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bosnia and Herzegovina</source>
        <comment>country</comment>
        <translation>Bosnien und Herzegowina</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Botswana</source>
        <comment>country</comment>
        <translation>Botsuana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bouvet Island</source>
        <comment>country</comment>
        <translation>Bouvetinsel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brazil</source>
        <comment>country</comment>
        <translation>Brasilien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>British Indian Ocean Territory</source>
        <comment>country</comment>
        <translation>Britisches Territorium im Indischen Ozean</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brunei</source>
        <comment>country</comment>
        <translation>Brunei Darussalam</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bulgaria</source>
        <comment>country</comment>
        <translation>Bulgarien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Burkina Faso</source>
        <comment>country</comment>
        <translation>Burkina Faso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Burundi</source>
        <comment>country</comment>
        <translation>Burundi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cambodia</source>
        <comment>country</comment>
        <translation>Kambodscha</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cameroon</source>
        <comment>country</comment>
        <translation>Kamerun</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Canada</source>
        <comment>country</comment>
        <translation>Kanada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cape Verde</source>
        <comment>country</comment>
        <translation>Cabo Verde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cayman Islands</source>
        <comment>country</comment>
        <translation>Kaimaninseln</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Central African Republic</source>
        <comment>country</comment>
        <translation>Zentralafrikanische Republik</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chad</source>
        <comment>country</comment>
        <translation>Tschad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chile</source>
        <comment>country</comment>
        <translation>Chile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>China</source>
        <comment>country</comment>
        <translation>China</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Christmas Island</source>
        <comment>country</comment>
        <translation>Weihnachtsinsel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cocos (Keeling) Islands</source>
        <comment>country</comment>
        <translation>Kokosinseln</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colombia</source>
        <comment>country</comment>
        <translation>Kolumbien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comoros</source>
        <comment>country</comment>
        <translation>Komoren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Congo - Brazzaville</source>
        <comment>country</comment>
        <translation>Kongo-Brazzaville</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cook Islands</source>
        <comment>country</comment>
        <translation>Cookinseln</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Costa Rica</source>
        <comment>country</comment>
        <translation>Costa Rica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Côte d’Ivoire</source>
        <comment>country</comment>
        <translation>Côte d’Ivoire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Croatia</source>
        <comment>country</comment>
        <translation>Kroatien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cuba</source>
        <comment>country</comment>
        <translation>Kuba</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Curaçao</source>
        <comment>country</comment>
        <translation>Curaçao</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cyprus</source>
        <comment>country</comment>
        <translation>Zypern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Czechia</source>
        <comment>country</comment>
        <translation>Tschechien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Congo - Kinshasa</source>
        <comment>country</comment>
        <translation>Kongo-Kinshasa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Denmark</source>
        <comment>country</comment>
        <translation>Dänemark</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Djibouti</source>
        <comment>country</comment>
        <translation>Dschibuti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dominica</source>
        <comment>country</comment>
        <translation>Dominica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dominican Republic</source>
        <comment>country</comment>
        <translation>Dominikanische Republik</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ecuador</source>
        <comment>country</comment>
        <translation>Ecuador</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Egypt</source>
        <comment>country</comment>
        <translation>Ägypten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>El Salvador</source>
        <comment>country</comment>
        <translation>El Salvador</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Equatorial Guinea</source>
        <comment>country</comment>
        <translation>Äquatorialguinea</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Eritrea</source>
        <comment>country</comment>
        <translation>Eritrea</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estonia</source>
        <comment>country</comment>
        <translation>Estland</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ethiopia</source>
        <comment>country</comment>
        <translation>Äthiopien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Falkland Islands</source>
        <comment>country</comment>
        <translation>Falklandinseln</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Faroe Islands</source>
        <comment>country</comment>
        <translation>Färöer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fiji</source>
        <comment>country</comment>
        <translation>Fidschi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finland</source>
        <comment>country</comment>
        <translation>Finnland</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>France</source>
        <comment>country</comment>
        <translation>Frankreich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Guiana</source>
        <comment>country</comment>
        <translation>Französisch-Guayana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Polynesia</source>
        <comment>country</comment>
        <translation>Französisch-Polynesien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Southern Territories</source>
        <comment>country</comment>
        <translation>Französische Süd- und Antarktisgebiete</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gabon</source>
        <comment>country</comment>
        <translation>Gabun</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gambia</source>
        <comment>country</comment>
        <translation>Gambia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Georgia</source>
        <comment>country</comment>
        <translation>Georgien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Germany</source>
        <comment>country</comment>
        <translation>Deutschland</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ghana</source>
        <comment>country</comment>
        <translation>Ghana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gibraltar</source>
        <comment>country</comment>
        <translation>Gibraltar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greece</source>
        <comment>country</comment>
        <translation>Griechenland</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greenland</source>
        <comment>country</comment>
        <translation>Grönland</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grenada</source>
        <comment>country</comment>
        <translation>Grenada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guadeloupe</source>
        <comment>country</comment>
        <translation>Guadeloupe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guam</source>
        <comment>country</comment>
        <translation>Guam</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guatemala</source>
        <comment>country</comment>
        <translation>Guatemala</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guernsey</source>
        <comment>country</comment>
        <translation>Guernsey</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guinea</source>
        <comment>country</comment>
        <translation>Guinea</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guinea-Bissau</source>
        <comment>country</comment>
        <translation>Guinea-Bissau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guyana</source>
        <comment>country</comment>
        <translation>Guyana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Haiti</source>
        <comment>country</comment>
        <translation>Haiti</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>Antigua and Barbuda</source>
        <comment>country</comment>
        <translation>Antigua und Barbuda</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Heard and McDonald Islands</source>
        <comment>country</comment>
        <translation>Heard und McDonaldinseln</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vatican City</source>
        <comment>country</comment>
        <translation>Vatikanstadt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Honduras</source>
        <comment>country</comment>
        <translation>Honduras</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hong Kong</source>
        <comment>country</comment>
        <translation>Hongkong</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hungary</source>
        <comment>country</comment>
        <translation>Ungarn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Iceland</source>
        <comment>country</comment>
        <translation>Island</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>India</source>
        <comment>country</comment>
        <translation>Indien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indonesia</source>
        <comment>country</comment>
        <translation>Indonesien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Iran</source>
        <comment>country</comment>
        <translation>Iran</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Iraq</source>
        <comment>country</comment>
        <translation>Irak</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ireland</source>
        <comment>country</comment>
        <translation>Irland</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Isle of Man</source>
        <comment>country</comment>
        <translation>Isle of Man</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Israel</source>
        <comment>country</comment>
        <translation>Israel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Italy</source>
        <comment>country</comment>
        <translation>Italien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jamaica</source>
        <comment>country</comment>
        <translation>Jamaika</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Japan</source>
        <comment>country</comment>
        <translation>Japan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jersey</source>
        <comment>country</comment>
        <translation>Jersey</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jordan</source>
        <comment>country</comment>
        <translation>Jordanien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kazakhstan</source>
        <comment>country</comment>
        <translation>Kasachstan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kenya</source>
        <comment>country</comment>
        <translation>Kenia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kiribati</source>
        <comment>country</comment>
        <translation>Kiribati</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>South Korea</source>
        <comment>country</comment>
        <translation>Südkorea</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kuwait</source>
        <comment>country</comment>
        <translation>Kuwait</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kyrgyzstan</source>
        <comment>country</comment>
        <translation>Kirgisistan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Laos</source>
        <comment>country</comment>
        <translation>Laos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Latvia</source>
        <comment>country</comment>
        <translation>Lettland</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lebanon</source>
        <comment>country</comment>
        <translation>Libanon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lesotho</source>
        <comment>country</comment>
        <translation>Lesotho</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Liberia</source>
        <comment>country</comment>
        <translation>Liberia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Libya</source>
        <comment>country</comment>
        <translation>Libyen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Liechtenstein</source>
        <comment>country</comment>
        <translation>Liechtenstein</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lithuania</source>
        <comment>country</comment>
        <translation>Litauen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Luxembourg</source>
        <comment>country</comment>
        <translation>Luxemburg</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Macao</source>
        <comment>country</comment>
        <translation>Macau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>North Macedonia</source>
        <comment>country</comment>
        <translation>Nordmazedonien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Madagascar</source>
        <comment>country</comment>
        <translation>Madagaskar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Malawi</source>
        <comment>country</comment>
        <translation>Malawi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Malaysia</source>
        <comment>country</comment>
        <translation>Malaysia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maldives</source>
        <comment>country</comment>
        <translation>Malediven</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mali</source>
        <comment>country</comment>
        <translation>Mali</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Malta</source>
        <comment>country</comment>
        <translation>Malta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marshall Islands</source>
        <comment>country</comment>
        <translation>Marshallinseln</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Martinique</source>
        <comment>country</comment>
        <translation>Martinique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mauritania</source>
        <comment>country</comment>
        <translation>Mauretanien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mauritius</source>
        <comment>country</comment>
        <translation>Mauritius</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mayotte</source>
        <comment>country</comment>
        <translation>Mayotte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mexico</source>
        <comment>country</comment>
        <translation>Mexiko</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Micronesia</source>
        <comment>country</comment>
        <translation>Mikronesien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moldova</source>
        <comment>country</comment>
        <translation>Republik Moldau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monaco</source>
        <comment>country</comment>
        <translation>Monaco</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mongolia</source>
        <comment>country</comment>
        <translation>Mongolei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Montenegro</source>
        <comment>country</comment>
        <translation>Montenegro</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Montserrat</source>
        <comment>country</comment>
        <translation>Montserrat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Morocco</source>
        <comment>country</comment>
        <translation>Marokko</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mozambique</source>
        <comment>country</comment>
        <translation>Mosambik</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Myanmar (Burma)</source>
        <comment>country</comment>
        <translation>Myanmar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Namibia</source>
        <comment>country</comment>
        <translation>Namibia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nauru</source>
        <comment>country</comment>
        <translation>Nauru</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nepal</source>
        <comment>country</comment>
        <translation>Nepal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netherlands</source>
        <comment>country</comment>
        <translation>Niederlande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netherlands Antilles</source>
        <comment>country</comment>
        <translation>Niederländische Antillen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Caledonia</source>
        <comment>country</comment>
        <translation>Neukaledonien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Zealand</source>
        <comment>country</comment>
        <translation>Neuseeland</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nicaragua</source>
        <comment>country</comment>
        <translation>Nicaragua</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Niger</source>
        <comment>country</comment>
        <translation>Niger</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nigeria</source>
        <comment>country</comment>
        <translation>Nigeria</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Niue</source>
        <comment>country</comment>
        <translation>Niue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Norfolk Island</source>
        <comment>country</comment>
        <translation>Norfolkinsel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Northern Mariana Islands</source>
        <comment>country</comment>
        <translation>Nördliche Marianen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Norway</source>
        <comment>country</comment>
        <translation>Norwegen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oman</source>
        <comment>country</comment>
        <translation>Oman</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pakistan</source>
        <comment>country</comment>
        <translation>Pakistan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Palau</source>
        <comment>country</comment>
        <translation>Palau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Palestinian Territories</source>
        <comment>country</comment>
        <translation>Palästinensische Autonomiegebiete</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Panama</source>
        <comment>country</comment>
        <translation>Panama</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Papua New Guinea</source>
        <comment>country</comment>
        <translation>Papua-Neuguinea</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paraguay</source>
        <comment>country</comment>
        <translation>Paraguay</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Peru</source>
        <comment>country</comment>
        <translation>Peru</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Philippines</source>
        <comment>country</comment>
        <translation>Philippinen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pitcairn Islands</source>
        <comment>country</comment>
        <translation>Pitcairninseln</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Poland</source>
        <comment>country</comment>
        <translation>Polen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Portugal</source>
        <comment>country</comment>
        <translation>Portugal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Puerto Rico</source>
        <comment>country</comment>
        <translation>Puerto Rico</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qatar</source>
        <comment>country</comment>
        <translation>Katar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Réunion</source>
        <comment>country</comment>
        <translation>Réunion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Romania</source>
        <comment>country</comment>
        <translation>Rumänien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Russia</source>
        <comment>country</comment>
        <translation>Russland</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rwanda</source>
        <comment>country</comment>
        <translation>Ruanda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Barthélemy</source>
        <comment>country</comment>
        <translation>St. Barthélemy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Helena</source>
        <comment>country</comment>
        <translation>St. Helena</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Kitts and Nevis</source>
        <comment>country</comment>
        <translation>St. Kitts und Nevis</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>St. Pierre and Miquelon</source>
        <comment>country</comment>
        <translation>St. Pierre und Miquelon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Vincent and Grenadines</source>
        <comment>country</comment>
        <translation>St. Vincent und die Grenadinen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>São Tomé and Príncipe</source>
        <comment>country</comment>
        <translation>São Tomé und Príncipe</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>South Georgia and South Sandwich Islands</source>
        <comment>country</comment>
        <translation>Südgeorgien und die Südlichen Sandwichinseln</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Svalbard and Jan Mayen</source>
        <comment>country</comment>
        <translation>Spitzbergen und Jan Mayen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Trinidad and Tobago</source>
        <comment>country</comment>
        <translation>Trinidad und Tobago</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Turks and Caicos Islands</source>
        <comment>country</comment>
        <translation>Turks- und Caicosinseln</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Wallis and Futuna</source>
        <comment>country</comment>
        <translation>Wallis und Futuna</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>St. Lucia</source>
        <comment>country</comment>
        <translation>St. Lucia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Martin</source>
        <comment>country</comment>
        <translation>St. Martin</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Samoa</source>
        <comment>country</comment>
        <translation>Samoa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>San Marino</source>
        <comment>country</comment>
        <translation>San Marino</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saudi Arabia</source>
        <comment>country</comment>
        <translation>Saudi-Arabien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Senegal</source>
        <comment>country</comment>
        <translation>Senegal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serbia</source>
        <comment>country</comment>
        <translation>Serbien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seychelles</source>
        <comment>country</comment>
        <translation>Seychellen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sierra Leone</source>
        <comment>country</comment>
        <translation>Sierra Leone</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Singapore</source>
        <comment>country</comment>
        <translation>Singapur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sint Maarten</source>
        <comment>country</comment>
        <translation>Sint Maarten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slovakia</source>
        <comment>country</comment>
        <translation>Slowakei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slovenia</source>
        <comment>country</comment>
        <translation>Slowenien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Solomon Islands</source>
        <comment>country</comment>
        <translation>Salomonen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Somalia</source>
        <comment>country</comment>
        <translation>Somalia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>South Africa</source>
        <comment>country</comment>
        <translation>Südafrika</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>South Sudan</source>
        <comment>country</comment>
        <translation>Südsudan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spain</source>
        <comment>country</comment>
        <translation>Spanien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sri Lanka</source>
        <comment>country</comment>
        <translation>Sri Lanka</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sudan</source>
        <comment>country</comment>
        <translation>Sudan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suriname</source>
        <comment>country</comment>
        <translation>Suriname</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Eswatini</source>
        <comment>country</comment>
        <translation>Eswatini</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sweden</source>
        <comment>country</comment>
        <translation>Schweden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Switzerland</source>
        <comment>country</comment>
        <translation>Schweiz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Syria</source>
        <comment>country</comment>
        <translation>Syrien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taiwan</source>
        <comment>country</comment>
        <translation>Taiwan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tajikistan</source>
        <comment>country</comment>
        <translation>Tadschikistan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tanzania</source>
        <comment>country</comment>
        <translation>Tansania</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thailand</source>
        <comment>country</comment>
        <translation>Thailand</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timor-Leste</source>
        <comment>country</comment>
        <translation>Timor-Leste</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Togo</source>
        <comment>country</comment>
        <translation>Togo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tokelau</source>
        <comment>country</comment>
        <translation>Tokelau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tonga</source>
        <comment>country</comment>
        <translation>Tonga</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tunisia</source>
        <comment>country</comment>
        <translation>Tunesien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turkey</source>
        <comment>country</comment>
        <translation>Türkei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turkmenistan</source>
        <comment>country</comment>
        <translation>Turkmenistan</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Tuvalu</source>
        <comment>country</comment>
        <translation>Tuvalu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uganda</source>
        <comment>country</comment>
        <translation>Uganda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ukraine</source>
        <comment>country</comment>
        <translation>Ukraine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>United Arab Emirates</source>
        <comment>country</comment>
        <translation>Vereinigte Arabische Emirate</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>United Kingdom</source>
        <comment>country</comment>
        <translation>Vereinigtes Königreich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>U.S. Outlying Islands</source>
        <comment>country</comment>
        <translation>Amerikanische Überseeinseln</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uruguay</source>
        <comment>country</comment>
        <translation>Uruguay</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Uzbekistan</source>
        <comment>country</comment>
        <translation>Usbekistan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vanuatu</source>
        <comment>country</comment>
        <translation>Vanuatu</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Venezuela</source>
        <comment>country</comment>
        <translation>Venezuela</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vietnam</source>
        <comment>country</comment>
        <translation>Vietnam</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>British Virgin Islands</source>
        <comment>country</comment>
        <translation>Britische Jungferninseln</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>U.S. Virgin Islands</source>
        <comment>country</comment>
        <translation>Amerikanische Jungferninseln</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Western Sahara</source>
        <comment>country</comment>
        <translation>Westsahara</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yemen</source>
        <comment>country</comment>
        <translation>Jemen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zambia</source>
        <comment>country</comment>
        <translation>Sambia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zimbabwe</source>
        <comment>country</comment>
        <translation>Simbabwe</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CredentialProcessProvider</name>
    <message>
        <location filename="../core/aws/credentialprocessprovider.cpp" line="+58"/>
        <source>credential_process of profile %1</source>
        <translation>credential_process des Profils %1</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The credential_process of profile %1 failed: %2</source>
        <translation>Der credential_process des Profils %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The credential_process (%1) of profile %2 failed: %3</source>
        <translation>Der credential_process (%1) des Profils %2 ist fehlgeschlagen: %3</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The credential_process of profile %1 cannot be run: %2</source>
        <translation>Der credential_process des Profils %1 kann nicht ausgeführt werden: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the command is empty.</source>
        <translation>der Befehl ist leer.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>it could not be started (%1).</source>
        <translation>er konnte nicht gestartet werden (%1).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source> Its error output: %1</source>
        <translation> Seine Fehlerausgabe: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>it did not finish within %n second(s).</source>
        <translation>
            <numerusform>er wurde nicht innerhalb von %n Sekunde beendet.</numerusform>
            <numerusform>er wurde nicht innerhalb von %n Sekunden beendet.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>its output exceeded %1 KiB.</source>
        <translation>seine Ausgabe überschritt %1 KiB.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it crashed.</source>
        <translation>er ist abgestürzt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it exited with code %1.</source>
        <translation>er wurde mit Code %1 beendet.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>it returned credentials that expired at %1.</source>
        <translation>er lieferte Anmeldedaten, die um %1 abgelaufen sind.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>its output is not a JSON object.</source>
        <translation>seine Ausgabe ist kein JSON-Objekt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>its output has no &quot;Version&quot; (expected 1).</source>
        <translation>seiner Ausgabe fehlt &quot;Version&quot; (erwartet: 1).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>its output has an unsupported &quot;Version&quot; (only 1 is supported).</source>
        <translation>seine Ausgabe hat eine nicht unterstützte &quot;Version&quot; (nur 1 wird unterstützt).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>its output has no &quot;AccessKeyId&quot; string.</source>
        <translation>seiner Ausgabe fehlt die Zeichenkette &quot;AccessKeyId&quot;.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its output has no &quot;SecretAccessKey&quot; string.</source>
        <translation>seiner Ausgabe fehlt die Zeichenkette &quot;SecretAccessKey&quot;.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its &quot;SessionToken&quot; is not a string.</source>
        <translation>sein &quot;SessionToken&quot; ist keine Zeichenkette.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its &quot;Expiration&quot; is not a string.</source>
        <translation>sein &quot;Expiration&quot; ist keine Zeichenkette.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>its &quot;Expiration&quot; is not an ISO 8601 date-time: %1</source>
        <translation>sein &quot;Expiration&quot; ist kein Datum mit Uhrzeit nach ISO 8601: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CsvWriter</name>
    <message>
        <location filename="../core/output/csvwriter.cpp" line="+105"/>
        <source>The CSV output is not open for writing.</source>
        <translation>Die CSV-Ausgabe ist nicht zum Schreiben geöffnet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not write the CSV output: %1</source>
        <translation>Die CSV-Ausgabe konnte nicht geschrieben werden: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::DetailsLoader</name>
    <message>
        <location filename="../core/model/detailsloader.cpp" line="+68"/>
        <source>Not connected.</source>
        <translation>Nicht verbunden.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::EndpointPolicy</name>
    <message>
        <location filename="../core/http/endpointpolicy.cpp" line="+22"/>
        <source>The endpoint URL &quot;%1&quot; is not a valid URL with a host name.</source>
        <translation>Die Endpunkt-URL „%1“ ist keine gültige URL mit Hostnamen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The endpoint URL &quot;%1&quot; must start with https://.</source>
        <translation>Die Endpunkt-URL „%1“ muss mit https:// beginnen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refusing the plain-HTTP endpoint &quot;%1&quot;: the request and its signature would travel unencrypted. Use https://, or http:// only with a loopback address (127.0.0.1, ::1 or localhost).</source>
        <translation>Der unverschlüsselte HTTP-Endpunkt „%1“ wird abgelehnt: Anfrage und Signatur würden unverschlüsselt übertragen. Verwenden Sie https:// oder http:// nur mit einer Loopback-Adresse (127.0.0.1, ::1 oder localhost).</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Refusing to send plain-HTTP requests for &quot;%1&quot; through the proxy %2: the request and its signature would travel unencrypted. Add the endpoint&apos;s host to NO_PROXY, or use a proxy on this computer.</source>
        <translation>Unverschlüsselte HTTP-Anfragen für „%1“ werden nicht über den Proxy %2 gesendet: Anfrage und Signatur würden unverschlüsselt übertragen. Tragen Sie den Host des Endpunkts in NO_PROXY ein oder verwenden Sie einen Proxy auf diesem Computer.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpClient</name>
    <message>
        <location filename="../core/http/httpclient.cpp" line="+244"/>
        <source>The proxy %1 did not answer the tunnel request with HTTP: %2</source>
        <translation>Der Proxy %1 hat die Tunnelanfrage nicht mit HTTP beantwortet: %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The proxy %1 refused the tunnel to %2 with HTTP %3 %4.</source>
        <translation>Der Proxy %1 hat den Tunnel zu %2 mit HTTP %3 %4 abgelehnt.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The proxy %1 sent data before the TLS handshake with %2.</source>
        <translation>Der Proxy %1 hat vor dem TLS-Handshake mit %2 Daten gesendet.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The proxy %1 answered 407 (Proxy authentication required): it refused the user name and password of the proxy URL.</source>
        <translation>Der Proxy %1 hat mit 407 (Proxy-Authentifizierung erforderlich) geantwortet: Er hat Benutzername und Passwort der Proxy-URL abgelehnt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The proxy %1 answered 407 (Proxy authentication required): give the proxy URL a user name and password, as http://user:password@host:port.</source>
        <translation>Der Proxy %1 hat mit 407 (Proxy-Authentifizierung erforderlich) geantwortet: Geben Sie in der Proxy-URL Benutzername und Passwort an, etwa http://benutzer:passwort@host:port.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The proxy %1 closed the connection instead of opening a tunnel to %2.</source>
        <translation>Der Proxy %1 hat die Verbindung geschlossen, statt einen Tunnel zu %2 zu öffnen.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>The TLS handshake with %1 failed: %2</source>
        <translation>Der TLS-Handshake mit %1 ist fehlgeschlagen: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not connect to the proxy %1: %2</source>
        <translation>Keine Verbindung zum Proxy %1 möglich: %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The proxy %1 did not answer the tunnel request within %2 ms.</source>
        <translation>Der Proxy %1 hat die Tunnelanfrage nicht innerhalb von %2 ms beantwortet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No data arrived for %1 ms; the exchange timed out.</source>
        <translation>%1 ms lang sind keine Daten eingetroffen; der Austausch wurde wegen Zeitüberschreitung beendet.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpReply</name>
    <message>
        <location line="+58"/>
        <source>The request was cancelled.</source>
        <translation>Die Anfrage wurde abgebrochen.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpResponseParser</name>
    <message>
        <location filename="../core/http/httpresponseparser.cpp" line="+159"/>
        <source>The connection closed without a response.</source>
        <translation>Die Verbindung wurde ohne Antwort geschlossen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The connection closed in the middle of the response header.</source>
        <translation>Die Verbindung wurde mitten im Header der Antwort geschlossen.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connection closed after %1 bytes of the response body.</source>
        <translation>Die Verbindung wurde nach %1 Bytes des Antwortinhalts geschlossen.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A line of the response is longer than %1 KiB.</source>
        <translation>Eine Zeile der Antwort ist länger als %1 KiB.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The response does not start with an HTTP/1.x status line.</source>
        <translation>Die Antwort beginnt nicht mit einer HTTP/1.x-Statuszeile.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The response folds a header field over several lines.</source>
        <translation>Die Antwort verteilt ein Header-Feld auf mehrere Zeilen.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The response has a malformed header field.</source>
        <translation>Die Antwort enthält ein fehlerhaftes Header-Feld.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The server switched protocols, which was not asked for.</source>
        <translation>Der Server hat das Protokoll gewechselt, obwohl das nicht angefordert wurde.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The response has an invalid or conflicting Content-Length.</source>
        <translation>Die Antwort enthält eine ungültige oder widersprüchliche Content-Length.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The response announces %1 bytes, more than the %2 accepted.</source>
        <translation>Die Antwort kündigt %1 Bytes an, mehr als die zulässigen %2.</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>A chunk of the response runs past its size.</source>
        <translation>Ein Chunk der Antwort ist länger als seine angegebene Größe.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The response has an invalid chunk size.</source>
        <translation>Die Antwort enthält eine ungültige Chunk-Größe.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+13"/>
        <source>The response is larger than the %1 bytes accepted.</source>
        <translation>Die Antwort ist größer als die zulässigen %1 Bytes.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::KeychainCredentialStore</name>
    <message>
        <location filename="../core/aws/keychaincredentialstore.cpp" line="+44"/>
        <source>Nothing is stored in the system keychain under “%1”.</source>
        <translation>Im Systemschlüsselbund ist unter „%1“ nichts gespeichert.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No system keychain is available (on Linux, a Secret Service such as GNOME Keyring or KWallet must be running and unlocked).</source>
        <translation>Kein Systemschlüsselbund verfügbar (unter Linux muss ein Secret Service wie GNOME Keyring oder KWallet laufen und entsperrt sein).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Access to “%1” in the system keychain was denied.</source>
        <translation>Der Zugriff auf „%1“ im Systemschlüsselbund wurde verweigert.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reading “%1” from the system keychain failed.</source>
        <translation>„%1“ konnte nicht aus dem Systemschlüsselbund gelesen werden.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Storing “%1” in the system keychain failed.</source>
        <translation>„%1“ konnte nicht im Systemschlüsselbund gespeichert werden.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Removing “%1” from the system keychain failed.</source>
        <translation>„%1“ konnte nicht aus dem Systemschlüsselbund entfernt werden.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>system keychain</source>
        <translation>Systemschlüsselbund</translation>
    </message>
</context>
<context>
    <name>Pd::Core::KeychainCredentialsProvider</name>
    <message>
        <location filename="../core/aws/keychaincredentialsprovider.cpp" line="+21"/>
        <source>PartnerDesk profile %1 (%2)</source>
        <translation>PartnerDesk-Profil %1 (%2)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>PartnerDesk profile %1 has no access key id.</source>
        <translation>Das PartnerDesk-Profil %1 hat keine Zugriffsschlüssel-ID.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The secret access key of PartnerDesk profile %1 is missing from the %2. Enter it again in the profile settings.</source>
        <translation>Der geheime Zugriffsschlüssel des PartnerDesk-Profils %1 fehlt im %2. Geben Sie ihn in den Profileinstellungen erneut ein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The secret access key of PartnerDesk profile %1 could not be read: %2</source>
        <translation>Der geheime Zugriffsschlüssel des PartnerDesk-Profils %1 konnte nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The session token of PartnerDesk profile %1 could not be read: %2</source>
        <translation>Das Sitzungstoken des PartnerDesk-Profils %1 konnte nicht gelesen werden: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ListOpportunitiesRequest</name>
    <message>
        <location filename="../core/api/listopportunitiesrequest.cpp" line="+150"/>
        <source>%1 accepts at most %2 values; %3 were given.</source>
        <translation>%1 akzeptiert höchstens %2 Werte; angegeben wurden %3.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+514"/>
        <source>%1 is not a valid %2. Allowed values (exact spelling): %3.</source>
        <translation>%1 ist als %2 nicht gültig. Zulässige Werte (genaue Schreibweise): %3.</translation>
    </message>
    <message>
        <location line="-492"/>
        <source>%1 must lie between the years 0000 and 9999 (UTC).</source>
        <translation>%1 muss zwischen den Jahren 0000 und 9999 (UTC) liegen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+26"/>
        <source>%1 (%2) must not be later than %3 (%4).</source>
        <translation>%1 (%2) darf nicht nach %3 (%4) liegen.</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>%1 is not a valid %2; expected a date as YYYY-MM-DD, e.g. 2026-12-31.</source>
        <translation>%1 ist als %2 nicht gültig; erwartet wird ein Datum im Format JJJJ-MM-TT, z. B. 2026-12-31.</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>%1 must be %2.</source>
        <translation>%1 muss %2 sein.</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+24"/>
        <source>a string</source>
        <translation>eine Zeichenkette</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>a list of strings</source>
        <translation>eine Liste von Zeichenketten</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>a non-string value</source>
        <translation>ein Wert, der keine Zeichenkette ist</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is not a valid %2; expected an RFC 3339 date-time string such as 2026-08-01T00:00:00Z.</source>
        <translation>%1 ist als %2 nicht gültig; erwartet wird ein Datum mit Uhrzeit nach RFC 3339 wie 2026-08-01T00:00:00Z.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
    <message>
        <location line="+282"/>
        <source>Catalog is required: use &quot;AWS&quot; for production or &quot;Sandbox&quot; for testing.</source>
        <translation>Catalog ist erforderlich: &quot;AWS&quot; für die Produktion oder &quot;Sandbox&quot; zum Testen.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is not a valid Catalog; use &quot;AWS&quot; for production or &quot;Sandbox&quot; for testing.</source>
        <translation>%1 ist kein gültiger Catalog; &quot;AWS&quot; für die Produktion oder &quot;Sandbox&quot; zum Testen.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 is required: an opportunity identifier, e.g. O1234567.</source>
        <translation>%1 ist erforderlich: eine Kennung einer Verkaufschance, z. B. O1234567.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>MaxResults must be between %1 and %2; %3 was given.</source>
        <translation>MaxResults muss zwischen %1 und %2 liegen; angegeben wurde %3.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 is required when Sort is given. Allowed values: %2.</source>
        <translation>%1 ist erforderlich, wenn Sort angegeben ist. Zulässige Werte: %2.</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>%1 is not a valid opportunity identifier; expected &quot;O&quot; followed by 1 to 19 digits, e.g. O1234567.</source>
        <translation>%1 ist keine gültige Kennung einer Verkaufschance; erwartet wird &quot;O&quot; gefolgt von 1 bis 19 Ziffern, z. B. O1234567.</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>stage</source>
        <translation>Phase</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>review status</source>
        <translation>Prüfstatus</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>The request is not valid JSON: %1 at offset %2.</source>
        <translation>Die Anfrage ist kein gültiges JSON: %1 an Position %2.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The request must be a JSON object.</source>
        <translation>Die Anfrage muss ein JSON-Objekt sein.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+11"/>
        <source>a whole number</source>
        <translation>eine ganze Zahl</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>MaxResults must be between %1 and %2.</source>
        <translation>MaxResults muss zwischen %1 und %2 liegen.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ListOpportunitiesResponse</name>
    <message>
        <location filename="../core/api/opportunitysummary.cpp" line="+358"/>
        <source>The response is not a JSON object.</source>
        <translation>Die Antwort ist kein JSON-Objekt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The response has no OpportunitySummaries list.</source>
        <translation>Der Antwort fehlt die Liste OpportunitySummaries.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 must be %2.</source>
        <translation>%1 muss %2 sein.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>a string</source>
        <translation>eine Zeichenkette</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a date-time string</source>
        <translation>eine Zeichenkette mit Datum und Uhrzeit</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>a list</source>
        <translation>eine Liste</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a list of strings</source>
        <translation>eine Liste von Zeichenketten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a list of objects</source>
        <translation>eine Liste von Objekten</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>The response is not valid JSON: %1.</source>
        <translation>Die Antwort ist kein gültiges JSON: %1.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OperationCall</name>
    <message>
        <location filename="../core/api/operationcall.cpp" line="+29"/>
        <source>The client of this call no longer exists.</source>
        <translation>Der Client dieses Aufrufs existiert nicht mehr.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The request was cancelled.</source>
        <translation>Die Anfrage wurde abgebrochen.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The service sent a response that could not be read: %1</source>
        <translation>Der Dienst hat eine Antwort gesendet, die nicht gelesen werden konnte: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityLister</name>
    <message>
        <location filename="../core/api/opportunitylister.cpp" line="+194"/>
        <source>No client to call the service with.</source>
        <translation>Es gibt keinen Client, um den Dienst aufzurufen.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The listing was cancelled.</source>
        <translation>Die Auflistung wurde abgebrochen.</translation>
    </message>
    <message>
        <location line="+125"/>
        <source>The service sent the same NextToken twice in a row.</source>
        <translation>Der Dienst hat zweimal hintereinander denselben NextToken gesendet.</translation>
    </message>
    <message>
        <location line="+328"/>
        <source>No page of the listing succeeded in %1 s.</source>
        <translation>In %1 s ist keine Seite der Auflistung gelungen.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityModel</name>
    <message>
        <location filename="../core/model/opportunitymodel.cpp" line="+481"/>
        <source>Title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Owner</source>
        <translation>Verantwortlich</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Project.Title, from the opportunity&apos;s details</source>
        <translation>Project.Title, aus den Details der Verkaufschance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first member of the opportunity team, from its details</source>
        <translation>Das erste Mitglied des Teams der Verkaufschance, aus ihren Details</translation>
    </message>
    <message>
        <location line="+224"/>
        <source>The service sent a response that could not be read: %1</source>
        <translation>Der Dienst hat eine Antwort gesendet, die nicht gelesen werden konnte: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityStoreDb</name>
    <message>
        <location filename="../core/store/opportunitystoredb.cpp" line="+361"/>
        <source>A sync is running on %1 (%2); the local copy was not deleted.</source>
        <translation>Für %1 läuft eine Synchronisierung (%2); die lokale Kopie wurde nicht gelöscht.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Could not delete %1: %2</source>
        <translation>%1 konnte nicht gelöscht werden: %2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Could not create the folder %1 for the local copy.</source>
        <translation>Der Ordner %1 für die lokale Kopie konnte nicht angelegt werden.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>There is no local copy at %1: run partnerdesk-cli sync first.</source>
        <translation>Unter %1 gibt es keine lokale Kopie: Führen Sie zuerst partnerdesk-cli sync aus.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>it is not an SQLite database</source>
        <translation>sie ist keine SQLite-Datenbank</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not open the local copy %1: %2</source>
        <translation>Die lokale Kopie %1 konnte nicht geöffnet werden: %2</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>it needs an update, and its folder is read-only</source>
        <translation>sie muss aktualisiert werden, und ihr Ordner ist schreibgeschützt</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The local copy %1 is unusable (%2) and could not be renamed aside.</source>
        <translation>Die lokale Kopie %1 ist unbrauchbar (%2) und konnte nicht umbenannt und beiseitegelegt werden.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The local copy %1 was unusable (%2). It was renamed to %3 and a new local copy is built.</source>
        <translation>Die lokale Kopie %1 war unbrauchbar (%2). Sie wurde in %3 umbenannt, und eine neue lokale Kopie wird angelegt.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Could not prepare the local copy %1: %2</source>
        <translation>Die lokale Kopie %1 konnte nicht vorbereitet werden: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>it was written by a newer PartnerDesk (schema %1; this one knows %2)</source>
        <translation>sie wurde von einer neueren PartnerDesk-Version geschrieben (Schema %1; diese Version kennt %2)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>it is not a PartnerDesk local copy</source>
        <translation>sie ist keine lokale Kopie von PartnerDesk</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>The local copy %1 is empty and its folder is read-only.</source>
        <translation>Die lokale Kopie %1 ist leer, und ihr Ordner ist schreibgeschützt.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>record whose data it holds</source>
        <translation>Festhalten, wessen Daten sie enthält</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The local copy %1 holds catalog %2 of %3 at %4, not catalog %5 of %6 at %7; give another --store file.</source>
        <translation>Die lokale Kopie %1 enthält den Katalog %2 von %3 bei %4, nicht den Katalog %5 von %6 bei %7; geben Sie eine andere --store-Datei an.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>the disk is full</source>
        <translation>der Datenträger ist voll</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the file or its folder is read-only</source>
        <translation>die Datei oder ihr Ordner ist schreibgeschützt</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a disk error (%1); the disk may be full</source>
        <translation>ein Datenträgerfehler (%1); der Datenträger ist möglicherweise voll</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not %1 in the local copy %2: %3. What it held before stays readable.</source>
        <translation>Fehler in der lokalen Kopie %2 beim %1: %3. Was sie zuvor enthielt, bleibt lesbar.</translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+17"/>
        <location line="+15"/>
        <location line="+91"/>
        <location line="+15"/>
        <source>read the opportunities</source>
        <translation>Lesen der Verkaufschancen</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+8"/>
        <location line="+8"/>
        <location line="+15"/>
        <source>record what was seen</source>
        <translation>Aufzeichnen des Gesehenen</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Could not sync the local copy %1: the file or its folder is read-only. What it held before stays readable.</source>
        <translation>Die lokale Kopie %1 konnte nicht synchronisiert werden: Die Datei oder ihr Ordner ist schreibgeschützt. Was sie zuvor enthielt, bleibt lesbar.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+7"/>
        <location line="+7"/>
        <location line="+4"/>
        <location line="+8"/>
        <source>begin a sync</source>
        <translation>Starten einer Synchronisierung</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>store a page of opportunities</source>
        <translation>Speichern einer Seite Verkaufschancen</translation>
    </message>
    <message>
        <location line="+185"/>
        <source>mark removed opportunities</source>
        <translation>Markieren entfernter Verkaufschancen</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>end the sync</source>
        <translation>Beenden der Synchronisierung</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>record the end of a sync</source>
        <translation>Aufzeichnen des Endes einer Synchronisierung</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>this program</source>
        <translation>dieses Programm</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>process %1 on %2</source>
        <translation>Prozess %1 auf %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the lock file cannot be created: the folder is read-only</source>
        <translation>die Sperrdatei kann nicht angelegt werden: Der Ordner ist schreibgeschützt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>another process</source>
        <translation>ein anderer Prozess</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>keep the details of an opportunity</source>
        <translation>Speichern der Details einer Verkaufschance</translation>
    </message>
    <message>
        <location line="+78"/>
        <location line="+14"/>
        <source>read the kept details</source>
        <translation>Lesen der gespeicherten Details</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+8"/>
        <source>count a read request</source>
        <translation>Zählen einer Leseanfrage</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityText</name>
    <message>
        <location filename="../core/model/opportunitytext.cpp" line="+33"/>
        <source>AWS</source>
        <comment>catalog</comment>
        <translation>AWS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sandbox</source>
        <comment>catalog</comment>
        <translation>Sandbox</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Prospect</source>
        <comment>stage</comment>
        <translation>Interessent</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qualified</source>
        <comment>stage</comment>
        <translation>Qualifiziert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Technical Validation</source>
        <comment>stage</comment>
        <translation>Technische Validierung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Business Validation</source>
        <comment>stage</comment>
        <translation>Geschäftliche Validierung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Committed</source>
        <comment>stage</comment>
        <translation>Zugesagt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Launched</source>
        <comment>stage</comment>
        <translation>Gestartet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed Lost</source>
        <comment>stage</comment>
        <translation>Verloren</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pending Submission</source>
        <comment>review status</comment>
        <translation>Einreichung ausstehend</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Submitted</source>
        <comment>review status</comment>
        <translation>Eingereicht</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In Review</source>
        <comment>review status</comment>
        <translation>In Prüfung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <comment>review status</comment>
        <translation>Genehmigt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <comment>review status</comment>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Action Required</source>
        <comment>review status</comment>
        <translation>Handlungsbedarf</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Net New Business</source>
        <comment>opportunity type</comment>
        <translation>Neugeschäft</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Flat Renewal</source>
        <comment>opportunity type</comment>
        <translation>Verlängerung zu gleichen Konditionen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expansion</source>
        <comment>opportunity type</comment>
        <translation>Erweiterung</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Customer Deficiency</source>
        <comment>closed lost reason</comment>
        <translation>Defizit beim Kunden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delay / Cancellation of Project</source>
        <comment>closed lost reason</comment>
        <translation>Verzögerung / Abbruch des Projekts</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Legal / Tax / Regulatory</source>
        <comment>closed lost reason</comment>
        <translation>Rechtlich / steuerlich / regulatorisch</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Google</source>
        <comment>closed lost reason</comment>
        <translation>An Wettbewerber verloren – Google</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Microsoft</source>
        <comment>closed lost reason</comment>
        <translation>An Wettbewerber verloren – Microsoft</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - SoftLayer</source>
        <comment>closed lost reason</comment>
        <translation>An Wettbewerber verloren – SoftLayer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - VMware</source>
        <comment>closed lost reason</comment>
        <translation>An Wettbewerber verloren – VMware</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Other</source>
        <comment>closed lost reason</comment>
        <translation>An Wettbewerber verloren – Sonstige</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No Opportunity</source>
        <comment>closed lost reason</comment>
        <translation>Keine Verkaufschance</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On-Premises Deployment</source>
        <comment>closed lost reason</comment>
        <translation>On-Premises-Bereitstellung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Partner Gap</source>
        <comment>closed lost reason</comment>
        <translation>Lücke beim Partner</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <comment>closed lost reason</comment>
        <translation>Preis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Security / Compliance</source>
        <comment>closed lost reason</comment>
        <translation>Sicherheit / Compliance</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Technical Limitations</source>
        <comment>closed lost reason</comment>
        <translation>Technische Einschränkungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer Experience</source>
        <comment>closed lost reason</comment>
        <translation>Kundenerfahrung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other</source>
        <comment>closed lost reason</comment>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>People, Relationship, Governance</source>
        <comment>closed lost reason</comment>
        <translation>Personen, Beziehung, Governance</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Product, Technology</source>
        <comment>closed lost reason</comment>
        <translation>Produkt, Technologie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Financial, Commercial</source>
        <comment>closed lost reason</comment>
        <translation>Finanziell, kaufmännisch</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Aerospace</source>
        <comment>industry</comment>
        <translation>Luft- und Raumfahrt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agriculture</source>
        <comment>industry</comment>
        <translation>Landwirtschaft</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automotive</source>
        <comment>industry</comment>
        <translation>Automobil</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Computers and Electronics</source>
        <comment>industry</comment>
        <translation>Computer und Elektronik</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Consumer Goods</source>
        <comment>industry</comment>
        <translation>Konsumgüter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Education</source>
        <comment>industry</comment>
        <translation>Bildung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Energy - Oil and Gas</source>
        <comment>industry</comment>
        <translation>Energie – Öl und Gas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Energy - Power and Utilities</source>
        <comment>industry</comment>
        <translation>Energie – Strom und Versorgung</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Financial Services</source>
        <comment>industry</comment>
        <translation>Finanzdienstleistungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gaming</source>
        <comment>industry</comment>
        <translation>Spiele</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Government</source>
        <comment>industry</comment>
        <translation>Öffentlicher Sektor</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Healthcare</source>
        <comment>industry</comment>
        <translation>Gesundheitswesen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hospitality</source>
        <comment>industry</comment>
        <translation>Gastgewerbe</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Life Sciences</source>
        <comment>industry</comment>
        <translation>Biowissenschaften</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Manufacturing</source>
        <comment>industry</comment>
        <translation>Fertigung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Marketing and Advertising</source>
        <comment>industry</comment>
        <translation>Marketing und Werbung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Media and Entertainment</source>
        <comment>industry</comment>
        <translation>Medien und Unterhaltung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mining</source>
        <comment>industry</comment>
        <translation>Bergbau</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Non-Profit Organization</source>
        <comment>industry</comment>
        <translation>Gemeinnützige Organisation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Professional Services</source>
        <comment>industry</comment>
        <translation>Freiberufliche Dienstleistungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Real Estate and Construction</source>
        <comment>industry</comment>
        <translation>Immobilien und Bauwesen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retail</source>
        <comment>industry</comment>
        <translation>Einzelhandel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Software and Internet</source>
        <comment>industry</comment>
        <translation>Software und Internet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Telecommunications</source>
        <comment>industry</comment>
        <translation>Telekommunikation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transportation and Logistics</source>
        <comment>industry</comment>
        <translation>Transport und Logistik</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Travel</source>
        <comment>industry</comment>
        <translation>Reisen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wholesale and Distribution</source>
        <comment>industry</comment>
        <translation>Großhandel und Vertrieb</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <comment>industry</comment>
        <translation>Sonstige</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SaaS or PaaS</source>
        <comment>delivery model</comment>
        <translation>SaaS oder PaaS</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>BYOL or AMI</source>
        <comment>delivery model</comment>
        <translation>BYOL oder AMI</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Managed Services</source>
        <comment>delivery model</comment>
        <translation>Managed Services</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Professional Services</source>
        <comment>delivery model</comment>
        <translation>Beratungsleistungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resell</source>
        <comment>delivery model</comment>
        <translation>Weiterverkauf</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <comment>delivery model</comment>
        <translation>Sonstiges</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>monthly</source>
        <comment>spend frequency</comment>
        <translation>monatlich</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>one-time</source>
        <comment>spend frequency</comment>
        <translation>einmalig</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last modified</source>
        <comment>sort key</comment>
        <translation>Zuletzt geändert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <comment>sort key</comment>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Identifier</source>
        <comment>sort key</comment>
        <translation>Kennung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Company name</source>
        <comment>sort key</comment>
        <translation>Unternehmensname</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target close date</source>
        <comment>sort key</comment>
        <translation>Geplantes Abschlussdatum</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ascending</source>
        <comment>sort order</comment>
        <translation>Aufsteigend</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Descending</source>
        <comment>sort order</comment>
        <translation>Absteigend</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ARN</source>
        <translation>ARN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partner CRM ID</source>
        <translation>Partner-CRM-ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last modified</source>
        <translation>Zuletzt geändert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stage</source>
        <translation>Phase</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review status</source>
        <translation>Prüfstatus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review status reason</source>
        <translation>Grund des Prüfstatus</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review comments</source>
        <translation>Prüfkommentare</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next steps</source>
        <translation>Nächste Schritte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target close</source>
        <translation>Geplanter Abschluss</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closed lost reason</source>
        <translation>Verlustgrund</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Company</source>
        <translation>Unternehmen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Industry</source>
        <translation>Branche</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other industry</source>
        <translation>Andere Branche</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Website</source>
        <translation>Webseite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>City</source>
        <translation>Ort</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Postal code</source>
        <translation>Postleitzahl</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State or region</source>
        <translation>Bundesland oder Region</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Country</source>
        <translation>Land</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delivery models</source>
        <translation>Bereitstellungsmodelle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expected spend</source>
        <translation>Erwartete Ausgaben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contract duration</source>
        <translation>Vertragslaufzeit</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Duration unit</source>
        <translation>Laufzeiteinheit</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>months</source>
        <comment>contract duration unit</comment>
        <translation>Monate</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>%1 %2</source>
        <comment>amount, frequency</comment>
        <translation>%1 %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2)</source>
        <comment>spend, target company</comment>
        <translation>%1 (%2)</translation>
    </message>
    <message numerus="yes">
        <location line="+50"/>
        <source>%n months</source>
        <comment>contract duration</comment>
        <translation>
            <numerusform>%n Monat</numerusform>
            <numerusform>%n Monate</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 %2</source>
        <comment>value, unit</comment>
        <translation>%1 %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::PartnerDeskProfiles</name>
    <message>
        <location filename="../core/aws/partnerdeskprofiles.cpp" line="+76"/>
        <source>The profile name is empty.</source>
        <translation>Der Profilname ist leer.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>The profile name is longer than %n character(s).</source>
        <translation>
            <numerusform>Der Profilname ist länger als %n Zeichen.</numerusform>
            <numerusform>Der Profilname ist länger als %n Zeichen.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The profile name starts or ends with a space.</source>
        <translation>Der Profilname beginnt oder endet mit einem Leerzeichen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The profile name may not contain “/”, “\” or control characters.</source>
        <translation>Der Profilname darf weder „/“ noch „\“ noch Steuerzeichen enthalten.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Profile %1 needs an access key id and a secret access key.</source>
        <translation>Das Profil %1 benötigt eine Zugriffsschlüssel-ID und einen geheimen Zugriffsschlüssel.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No credential store is available.</source>
        <translation>Es ist kein Anmeldedatenspeicher verfügbar.</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+10"/>
        <source>Profile %1 was not saved: %2</source>
        <translation>Das Profil %1 wurde nicht gespeichert: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Profile %1 could not be written to %2.</source>
        <translation>Das Profil %1 konnte nicht in %2 geschrieben werden.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>There is no PartnerDesk profile named %1.</source>
        <translation>Es gibt kein PartnerDesk-Profil namens %1.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Profile %1 was removed, but its secrets may remain in the keychain: %2</source>
        <translation>Das Profil %1 wurde entfernt, seine Geheimnisse sind aber möglicherweise noch im Schlüsselbund: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::PipelineReportOutput</name>
    <message>
        <location filename="../core/output/pipelinereportoutput.cpp" line="+34"/>
        <source>Could not write the output: %1</source>
        <translation>Die Ausgabe konnte nicht geschrieben werden: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ProxyServer</name>
    <message>
        <location filename="../core/http/proxysettings.cpp" line="+38"/>
        <source>The proxy URL “%1” is not valid: %2</source>
        <translation>Die Proxy-URL „%1“ ist ungültig: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it is empty.</source>
        <translation>sie ist leer.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>only http:// proxies are supported, not %1://. Requests to https endpoints travel encrypted through an http:// proxy.</source>
        <translation>nur http://-Proxys werden unterstützt, nicht %1://. Anfragen an https-Endpunkte werden auch über einen http://-Proxy verschlüsselt übertragen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>expected http://[user:password@]host[:port].</source>
        <translation>erwartet wird http://[benutzer:passwort@]host[:port].</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a proxy URL has no path, query or fragment.</source>
        <translation>eine Proxy-URL hat weder Pfad noch Abfrage noch Fragment.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the port must be between 1 and 65535.</source>
        <translation>der Port muss zwischen 1 und 65535 liegen.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ProxySettings</name>
    <message>
        <location line="+67"/>
        <source>%1 (The proxy came from %2.)</source>
        <translation>%1 (Der Proxy stammt aus %2.)</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ReadBudget</name>
    <message>
        <location filename="../core/store/readbudget.cpp" line="+165"/>
        <source>Reads in 24 h: %1 / %2</source>
        <translation>Leseanfragen in 24 h: %1 / %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No read requests in the last 24 hours.</source>
        <translation>Keine Leseanfragen in den letzten 24 Stunden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read requests in the last 24 hours, counted by PartnerDesk (the quota is %1 a day, shared by every read):</source>
        <translation>Leseanfragen der letzten 24 Stunden, von PartnerDesk gezählt (das Kontingent beträgt %1 pro Tag, geteilt von allen Lesevorgängen):</translation>
    </message>
</context>
<context>
    <name>Pd::Core::SavedView</name>
    <message>
        <location filename="../core/model/savedview.cpp" line="+69"/>
        <source>&quot;%1&quot; must be a string.</source>
        <translation>&quot;%1&quot; muss eine Zeichenkette sein.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&quot;localFilter&quot; must be an object.</source>
        <translation>&quot;localFilter&quot; muss ein Objekt sein.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&quot;localFilter&quot;: unknown kind &quot;%1&quot;.</source>
        <translation>&quot;localFilter&quot;: unbekannte Art &quot;%1&quot;.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&quot;localFilter&quot;: unknown attention view &quot;%1&quot;.</source>
        <translation>&quot;localFilter&quot;: unbekannte Hinweisansicht &quot;%1&quot;.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>A view needs a name (&quot;name&quot;, a non-empty string).</source>
        <translation>Eine Ansicht braucht einen Namen (&quot;name&quot;, eine nicht leere Zeichenkette).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>View &quot;%1&quot;: %2</source>
        <translation>Ansicht „%1“: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&quot;filters&quot; must be an object of ListOpportunities members.</source>
        <translation>&quot;filters&quot; muss ein Objekt mit Feldern von ListOpportunities sein.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>filters.%1: %2</source>
        <translation>filters.%1: %2</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+4"/>
        <source>&quot;columns&quot; must be a list of column names.</source>
        <translation>&quot;columns&quot; muss eine Liste von Spaltennamen sein.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&quot;sort&quot; must be {&quot;column&quot;: name, &quot;order&quot;: &quot;ascending&quot; or &quot;descending&quot;}.</source>
        <translation>&quot;sort&quot; muss {&quot;column&quot;: Name, &quot;order&quot;: &quot;ascending&quot; oder &quot;descending&quot;} sein.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Not valid JSON: %1 at offset %2.</source>
        <translation>Kein gültiges JSON: %1 an Position %2.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not a PartnerDesk view file: a JSON object is expected.</source>
        <translation>Keine PartnerDesk-Ansichtsdatei: Ein JSON-Objekt wird erwartet.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not a PartnerDesk view file: &quot;version&quot; must be a positive whole number.</source>
        <translation>Keine PartnerDesk-Ansichtsdatei: &quot;version&quot; muss eine positive ganze Zahl sein.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file is from a newer PartnerDesk (format version %1); this version reads format version %2.</source>
        <translation>Die Datei stammt aus einer neueren PartnerDesk-Version (Formatversion %1); diese Version liest Formatversion %2.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Not a PartnerDesk view file: &quot;view&quot; must be an object.</source>
        <translation>Keine PartnerDesk-Ansichtsdatei: &quot;view&quot; muss ein Objekt sein.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::SavedViews</name>
    <message>
        <location line="+20"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+10"/>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>%1: &quot;views&quot; must be a list.</source>
        <translation>%1: &quot;views&quot; muss eine Liste sein.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ShapeJson::ShapeReader</name>
    <message>
        <location filename="../core/api/shapereader.cpp" line="+20"/>
        <source>%1 must be %2.</source>
        <translation>%1 muss %2 sein.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>a string</source>
        <translation>eine Zeichenkette</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>a whole number</source>
        <translation>eine ganze Zahl</translation>
    </message>
    <message>
        <location line="+7"/>
        <location filename="../core/api/shapereader.h" line="+97"/>
        <source>an object</source>
        <translation>ein Objekt</translation>
    </message>
    <message>
        <location filename="../core/api/shapereader.h" line="-67"/>
        <source>The response is not a JSON object.</source>
        <translation>Die Antwort ist kein JSON-Objekt.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>a list</source>
        <translation>eine Liste</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>The response is not valid JSON: %1.</source>
        <translation>Die Antwort ist kein gültiges JSON: %1.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ShellWords</name>
    <message>
        <location filename="../core/util/shellwords.cpp" line="+45"/>
        <source>The command line ends with a lone backslash.</source>
        <translation>Die Befehlszeile endet mit einem einzelnen Backslash.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The command line has an unterminated %1 quote.</source>
        <translation>Die Befehlszeile enthält ein nicht geschlossenes Anführungszeichen %1.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::StaticCredentialsProvider</name>
    <message>
        <location filename="../core/aws/credentialsprovider.cpp" line="+11"/>
        <source>No access key is configured (%1).</source>
        <translation>Es ist kein Zugriffsschlüssel eingerichtet (%1).</translation>
    </message>
</context>
<context>
    <name>Pd::Core::StoreSync</name>
    <message>
        <location filename="../core/store/storesync.cpp" line="+116"/>
        <source>The local copy is not open.</source>
        <translation>Die lokale Kopie ist nicht geöffnet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No client to call the service with.</source>
        <translation>Es gibt keinen Client, um den Dienst aufzurufen.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A sync of this local copy is running (%1); try again when it has finished.</source>
        <translation>Eine Synchronisierung dieser lokalen Kopie läuft (%1); versuchen Sie es erneut, wenn sie abgeschlossen ist.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Could not open the local copy %1 for writing.</source>
        <translation>Die lokale Kopie %1 konnte nicht zum Schreiben geöffnet werden.</translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+82"/>
        <source>The sync was cancelled.</source>
        <translation>Die Synchronisierung wurde abgebrochen.</translation>
    </message>
</context>
<context>
    <name>Pd::Emulator::EmulatorServer</name>
    <message>
        <location filename="../emulator/emulatorserver.cpp" line="+90"/>
        <source>The emulator is already running.</source>
        <translation>Der Emulator läuft bereits.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Counts, fault intervals, latency and rate limit must not be negative.</source>
        <translation>Anzahlen, Fehlerintervalle, Latenz und Ratenbegrenzung dürfen nicht negativ sein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The bulk percentage must be between 0 and 100.</source>
        <translation>Der Anteil für Massenänderungen muss zwischen 0 und 100 liegen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The throttling status must be 400 or 429.</source>
        <translation>Der Drosselungsstatus muss 400 oder 429 sein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The access key and the region must not be empty.</source>
        <translation>Zugriffsschlüssel und Region dürfen nicht leer sein.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Cannot write the log file %1: %2</source>
        <translation>Die Protokolldatei %1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot listen on 127.0.0.1:%1: %2</source>
        <translation>Auf 127.0.0.1:%1 kann nicht gelauscht werden: %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Cannot read the data file %1: %2</source>
        <translation>Die Datendatei %1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The data file %1 is not a valid ListOpportunities response: %2</source>
        <translation>Die Datendatei %1 ist keine gültige ListOpportunities-Antwort: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Emulator::EmulatorThread</name>
    <message>
        <location filename="../emulator/emulatorthread.cpp" line="+22"/>
        <source>The emulator is already running.</source>
        <translation>Der Emulator läuft bereits.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::AboutDialog</name>
    <message>
        <location filename="../ui/aboutdialog.cpp" line="+19"/>
        <location line="+33"/>
        <source>About PartnerDesk</source>
        <translation>Über PartnerDesk</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Browse, filter, inspect and export AWS Partner Central opportunities.</source>
        <translation>Verkaufschancen aus AWS Partner Central durchsuchen, filtern, ansehen und exportieren.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Built with Qt %1, running on Qt %2.</source>
        <translation>Erstellt mit Qt %1, läuft mit Qt %2.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Libraries and their licenses</source>
        <translation>Bibliotheken und ihre Lizenzen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Qt: GNU Lesser General Public License v3.0 (LGPL-3.0)</source>
        <translation>Qt: GNU Lesser General Public License v3.0 (LGPL-3.0)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QtKeychain: BSD 3-Clause License</source>
        <translation>QtKeychain: BSD-3-Clause-Lizenz</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>simdjson: Apache License 2.0</source>
        <translation>simdjson: Apache-Lizenz 2.0</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PartnerDesk is not affiliated with Amazon Web Services. AWS and AWS Partner Central are trademarks of Amazon.com, Inc. or its affiliates.</source>
        <translation>PartnerDesk steht in keiner Verbindung zu Amazon Web Services. AWS und AWS Partner Central sind Marken von Amazon.com, Inc. oder seinen verbundenen Unternehmen.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::AttentionBar</name>
    <message>
        <location filename="../ui/attentionbar.cpp" line="+123"/>
        <source>%1  %2</source>
        <translation>%1  %2</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%1 Of the loaded rows: %n.</source>
        <translation>
            <numerusform>%1 Von den geladenen Zeilen: %n.</numerusform>
            <numerusform>%1 Von den geladenen Zeilen: %n.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep a local copy (Settings › Local Copy…) to see what changed since you last looked.</source>
        <translation>Führen Sie eine lokale Kopie (Einstellungen › Lokale Kopie…), um zu sehen, was sich seit Ihrem letzten Ansehen geändert hat.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1: %n opportunities</source>
        <translation>
            <numerusform>%1: %n Verkaufschance</numerusform>
            <numerusform>%1: %n Verkaufschancen</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ChangesView</name>
    <message>
        <location filename="../ui/changesview.cpp" line="+57"/>
        <source>Since I last looked</source>
        <translation>Seit dem letzten Ansehen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last sync</source>
        <translation>Letzte Synchronisierung</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Last %n syncs</source>
        <translation>
            <numerusform>Letzte %n Synchronisierung</numerusform>
            <numerusform>Letzte %n Synchronisierungen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which changes to show</source>
        <translation>Welche Änderungen angezeigt werden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Mark All as Seen</source>
        <translation>Alle als &amp;gesehen markieren</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Changed opportunities and their fields</source>
        <translation>Geänderte Verkaufschancen und ihre Felder</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity</source>
        <translation>Verkaufschance</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change</source>
        <translation>Änderung</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Synced</source>
        <translation>Synchronisiert</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>No local copy: changes are recorded when PartnerDesk keeps a local copy (Settings › Local Copy…).</source>
        <translation>Keine lokale Kopie: Änderungen werden aufgezeichnet, wenn PartnerDesk eine lokale Kopie führt (Einstellungen › Lokale Kopie…).</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No changes.</source>
        <translation>Keine Änderungen.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n changes, newest first.</source>
        <translation>
            <numerusform>%n Änderung, neueste zuerst.</numerusform>
            <numerusform>%n Änderungen, neueste zuerst.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1: %2 → %3</source>
        <translation>%1: %2 → %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>new</source>
        <translation>neu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>changed</source>
        <translation>geändert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>removed</source>
        <translation>entfernt</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ChartExport</name>
    <message>
        <location filename="../ui/chartexport.cpp" line="+29"/>
        <location line="+4"/>
        <location line="+10"/>
        <location line="+14"/>
        <source>Could not write %1: %2</source>
        <translation>%1 konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ConnectionDialog</name>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="+30"/>
        <source>Connection</source>
        <translation>Verbindung</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Credentials</source>
        <translation>Anmeldedaten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Automatic, like the AWS CLI</source>
        <translation>&amp;Automatisch, wie die AWS CLI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Environment variables, then AWS_PROFILE, then the &quot;default&quot; profile.</source>
        <translation>Umgebungsvariablen, dann AWS_PROFILE, dann das Profil &quot;default&quot;.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AWS CLI &amp;profile</source>
        <translation>AWS-CLI-&amp;Profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partner&amp;Desk profile</source>
        <translation>Partner&amp;Desk-Profil</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>AWS CLI profile</source>
        <translation>AWS-CLI-Profil</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Profiles in %1 and %2</source>
        <translation>Profile in %1 und %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PartnerDesk profile</source>
        <translation>PartnerDesk-Profil</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Service</source>
        <translation>Dienst</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From the profile, else us-east-1</source>
        <translation>Aus dem Profil, sonst us-east-1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Region</source>
        <translation>AWS-Region</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The region&apos;s standard endpoint</source>
        <translation>Der Standardendpunkt der Region</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Endpoint URL</source>
        <translation>Endpunkt-URL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Region</source>
        <translation>AWS-&amp;Region</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Endpoint URL</source>
        <translation>&amp;Endpunkt-URL</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Proxy</source>
        <translation>Proxyserver</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ystem proxy settings</source>
        <translation>S&amp;ystem-Proxy-Einstellungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTPS_PROXY, HTTP_PROXY and NO_PROXY when set, as the AWS CLI reads them; otherwise the desktop&apos;s proxy settings.</source>
        <translation>HTTPS_PROXY, HTTP_PROXY und NO_PROXY, falls gesetzt, so wie die AWS CLI sie liest; sonst die Proxy-Einstellungen des Desktops.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;No proxy</source>
        <translation>&amp;Kein Proxy</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Manual proxy:</source>
        <translation>&amp;Manueller Proxy:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>http://user:password@proxy.example.com:3128</source>
        <translation>http://benutzer:passwort@proxy.example.com:3128</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proxy URL</source>
        <translation>Proxy-URL</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A password in the proxy URL is kept in the system keychain, not in the settings, and is not shown again.</source>
        <translation>Ein Passwort in der Proxy-URL wird im Systemschlüsselbund gespeichert, nicht in den Einstellungen, und nicht wieder angezeigt.</translation>
    </message>
    <message>
        <location line="+153"/>
        <source>Through the proxy %1 (from %2).</source>
        <translation>Über den Proxy %1 (aus %2).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Directly, without a proxy.</source>
        <translation>Direkt, ohne Proxy.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connects to %1 (region %2) with credentials from %3.</source>
        <translation>Verbindet sich mit %1 (Region %2) mit Anmeldedaten aus: %3.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DateRangeEdit</name>
    <message>
        <location filename="../ui/daterangeedit.cpp" line="+47"/>
        <source>After</source>
        <comment>date filter bound</comment>
        <translation>Nach</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before</source>
        <comment>date filter bound</comment>
        <translation>Vor</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: use the After bound</source>
        <translation>%1: Untergrenze „Nach“ verwenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: use the Before bound</source>
        <translation>%1: Obergrenze „Vor“ verwenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 after</source>
        <translation>%1 nach</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 before</source>
        <translation>%1 vor</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>“After” must not be later than “Before”.</source>
        <translation>„Nach“ darf nicht später als „Vor“ sein.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailPane</name>
    <message>
        <location filename="../ui/detailpane.cpp" line="+71"/>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+107"/>
        <source>Opportunity details</source>
        <translation>Details der Verkaufschance</translation>
    </message>
    <message>
        <location line="-105"/>
        <source>Select an opportunity to see all its details here.</source>
        <translation>Wählen Sie eine Verkaufschance aus, um hier alle Details zu sehen.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Opportunity</source>
        <translation>Verkaufschance</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity id</source>
        <translation>ID der Verkaufschance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the opportunity id</source>
        <translation>ID der Verkaufschance kopieren</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity ARN</source>
        <translation>ARN der Verkaufschance</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the ARN</source>
        <translation>ARN kopieren</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ARN</source>
        <translation>ARN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partner CRM ID</source>
        <translation>Partner-CRM-ID</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>Typ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last modified</source>
        <translation>Zuletzt geändert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lifecycle</source>
        <translation>Lebenszyklus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage</source>
        <translation>Phase</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review status</source>
        <translation>Prüfstatus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review comments</source>
        <translation>Prüfkommentare</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review status reason</source>
        <translation>Grund des Prüfstatus</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next steps</source>
        <translation>Nächste Schritte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target close</source>
        <translation>Geplanter Abschluss</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed lost reason</source>
        <translation>Verlustgrund</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer</source>
        <translation>Kunde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company</source>
        <translation>Unternehmen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Industry</source>
        <translation>Branche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Website</source>
        <translation>Webseite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Project</source>
        <translation>Projekt</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivery models</source>
        <translation>Bereitstellungsmodelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected spend</source>
        <translation>Erwartete Ausgaben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contract duration</source>
        <translation>Vertragslaufzeit</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>History (local copy)</source>
        <translation>Verlauf (lokale Kopie)</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>AWS (production)</source>
        <translation>AWS (Produktion)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sandbox (testing)</source>
        <translation>Sandbox (Test)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 (overdue)</source>
        <translation>%1 (überfällig)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: %2</source>
        <comment>industry, other industry</comment>
        <translation>%1: %2</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>estimate</source>
        <translation>Schätzung</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailSections</name>
    <message>
        <location filename="../ui/detailsections.cpp" line="+93"/>
        <source>Project details</source>
        <translation>Projektdetails</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Customer business problem</source>
        <translation>Geschäftsproblem des Kunden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use case</source>
        <translation>Anwendungsfall</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales activities</source>
        <translation>Vertriebsaktivitäten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Competitors</source>
        <translation>Wettbewerber</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>APN programs</source>
        <translation>APN-Programme</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS products</source>
        <translation>AWS-Produkte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Solutions</source>
        <translation>Lösungen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing</source>
        <translation>Marketingangaben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Software revenue</source>
        <translation>Softwareumsatz</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>People</source>
        <translation>Personen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer contacts</source>
        <translation>Kundenkontakte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunity team</source>
        <translation>Team der Verkaufschance</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next steps history</source>
        <translation>Verlauf der nächsten Schritte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Timeline</source>
        <translation>Zeitachse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AWS side</source>
        <translation>AWS-Seite</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Engagement score</source>
        <translation>Engagement-Score</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next best actions</source>
        <translation>Empfohlene nächste Aktionen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Involvement type</source>
        <translation>Art der Beteiligung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS stage</source>
        <translation>AWS-Phase</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS team</source>
        <translation>AWS-Team</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Loading the details…</source>
        <translation>Details werden geladen…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading AWS&apos;s view…</source>
        <translation>Sicht von AWS wird geladen…</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Waiting for the read quota (%n s)…</source>
        <translation>
            <numerusform>Warten auf das Lesekontingent (%n s)…</numerusform>
            <numerusform>Warten auf das Lesekontingent (%n s)…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Not allowed: %1 needs the IAM permission partnercentral:%1. Browsing and the table are not affected.</source>
        <translation>Nicht erlaubt: %1 benötigt die IAM-Berechtigung partnercentral:%1. Das Durchsuchen und die Tabelle sind nicht betroffen.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not load (%1): %2</source>
        <translation>Konnte nicht geladen werden (%1): %2</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Source: %1</source>
        <translation>Quelle: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Campaign: %1</source>
        <translation>Kampagne: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Channels: %1</source>
        <translation>Kanäle: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use cases: %1</source>
        <translation>Anwendungsfälle: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>AWS funding used: %1</source>
        <translation>Genutzte AWS-Förderung: %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 to %2</source>
        <translation>%1 bis %2</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>No AWS summary yet.</source>
        <translation>Noch keine AWS-Zusammenfassung.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailsEnrichment</name>
    <message>
        <location filename="../ui/detailsenrichment.cpp" line="+64"/>
        <source>Read requests in the last 24 hours</source>
        <translation>Leseanfragen der letzten 24 Stunden</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Titles and owners cannot be filled in: %1</source>
        <translation>Titel und Verantwortliche können nicht ergänzt werden: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Titles and owners paused: their share of the daily read quota (%1 %) is spent.</source>
        <translation>Titel und Verantwortliche pausiert: Der dafür vorgesehene Anteil am täglichen Lesekontingent (%1 %) ist verbraucht.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ErrorBanner</name>
    <message>
        <location filename="../ui/errorbanner.cpp" line="+18"/>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Retr&amp;y</source>
        <translation>Erneu&amp;t versuchen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry the failed request</source>
        <translation>Fehlgeschlagene Anfrage wiederholen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Connection…</source>
        <translation>&amp;Verbindung…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the connection settings</source>
        <translation>Verbindungseinstellungen öffnen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dismiss the error</source>
        <translation>Fehlermeldung ausblenden</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 (HTTP %2)</source>
        <translation>%1 (HTTP %2)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The filters are not valid</source>
        <translation>Die Filter sind ungültig</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection settings problem</source>
        <translation>Problem mit den Verbindungseinstellungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network error</source>
        <translation>Netzwerkfehler</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service did not answer in time</source>
        <translation>Der Dienst hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unexpected response from the service</source>
        <translation>Unerwartete Antwort des Dienstes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTP error %1</source>
        <translation>HTTP-Fehler %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request failed</source>
        <translation>Anfrage fehlgeschlagen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your IAM identity needs the action partnercentral:ListOpportunities for this catalog.</source>
        <translation>Ihre IAM-Identität benötigt für diesen Katalog die Aktion partnercentral:ListOpportunities.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check the access key, the secret key and the system clock, or choose another profile under Connection.</source>
        <translation>Prüfen Sie Zugriffsschlüssel, geheimen Schlüssel und Systemuhr, oder wählen Sie unter „Verbindung“ ein anderes Profil.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The account&apos;s read quota (10 requests per second, 100,000 per day) is used up. Retry in a moment.</source>
        <translation>Das Lesekontingent des Kontos (10 Anfragen pro Sekunde, 100.000 pro Tag) ist ausgeschöpft. Versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check the network connection and the endpoint, then retry.</source>
        <translation>Prüfen Sie die Netzwerkverbindung und den Endpunkt und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The problems are also shown next to the filters.</source>
        <translation>Die Probleme werden auch neben den Filtern angezeigt.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a profile, region or endpoint under Settings › Connection.</source>
        <translation>Wählen Sie unter Einstellungen › Verbindung ein Profil, eine Region oder einen Endpunkt.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>• %1: %2</source>
        <translation>• %1: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The rows loaded so far (%1) are kept.</source>
        <translation>Die bisher geladenen Zeilen (%1) bleiben erhalten.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ExportDialog</name>
    <message>
        <location filename="../ui/exportdialog.cpp" line="+66"/>
        <location line="+184"/>
        <location line="+24"/>
        <location line="+25"/>
        <location line="+49"/>
        <source>Export to CSV</source>
        <translation>Als CSV exportieren</translation>
    </message>
    <message>
        <location line="-278"/>
        <source>File to write</source>
        <translation>Zu schreibende Datei</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>Durch&amp;suchen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the file to write</source>
        <translation>Zu schreibende Datei auswählen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;File:</source>
        <translation>&amp;Datei:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Rows</source>
        <translation>Zeilen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Loads the pages not loaded yet first. Rows hidden by the quick filter are left out.</source>
        <translation>Lädt zuerst die noch fehlenden Seiten. Vom Schnellfilter ausgeblendete Zeilen werden ausgelassen.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Options</source>
        <translation>Optionen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Neutralise spreadsheet formulas (recommended)</source>
        <translation>&amp;Formeln für Tabellenkalkulationen entschärfen (empfohlen)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cells beginning with = + - @ get a leading apostrophe so that spreadsheet programs do not run them as formulas.</source>
        <translation>Zellen, die mit = + - @ beginnen, erhalten ein vorangestelltes Apostroph, damit Tabellenkalkulationen sie nicht als Formeln ausführen.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add a byte order &amp;mark (for Microsoft Excel)</source>
        <translation>Byte-Order-&amp;Mark hinzufügen (für Microsoft Excel)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Without it, Excel may read the UTF-8 file in a legacy encoding.</source>
        <translation>Ohne sie liest Excel die UTF-8-Datei möglicherweise in einer veralteten Kodierung.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the table&apos;s column &amp;titles instead of field names</source>
        <translation>Spalten&amp;titel der Tabelle statt Feldnamen verwenden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Field names such as LifeCycle.Stage are stable and match partnerdesk-cli; titles follow the language of PartnerDesk.</source>
        <translation>Feldnamen wie LifeCycle.Stage sind stabil und entsprechen partnerdesk-cli; Titel folgen der Sprache von PartnerDesk.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cells hold the values exactly as the service sent them: API values, ISO dates and plain amounts.</source>
        <translation>Die Zellen enthalten die Werte genau so, wie der Dienst sie gesendet hat: API-Werte, ISO-Daten und unformatierte Beträge.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Export</source>
        <translation>&amp;Exportieren</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>&amp;Selected rows (%1)</source>
        <translation>&amp;Ausgewählte Zeilen (%1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Loaded rows (%1)</source>
        <translation>&amp;Geladene Zeilen (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;All rows matching the filters (loads the remaining pages)</source>
        <translation>Alle &amp;Zeilen, die den Filtern entsprechen (lädt die restlichen Seiten)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;All rows matching the filters (%1)</source>
        <translation>Alle &amp;Zeilen, die den Filtern entsprechen (%1)</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>The %n visible columns, in table order</source>
        <translation>
            <numerusform>Die %n sichtbare Spalte, in Tabellenreihenfolge</numerusform>
            <numerusform>Die %n sichtbaren Spalten, in Tabellenreihenfolge</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>All %n fields, as partnerdesk-cli --output csv writes them</source>
        <translation>
            <numerusform>Das %n Feld, wie partnerdesk-cli --output csv es schreibt</numerusform>
            <numerusform>Alle %n Felder, wie partnerdesk-cli --output csv sie schreibt</numerusform>
        </translation>
    </message>
    <message>
        <location line="+45"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>CSV-Dateien (*.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>“%1” already exists. Replace it?</source>
        <translation>„%1“ existiert bereits. Ersetzen?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Replace</source>
        <translation>&amp;Ersetzen</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Preparing the export…</source>
        <translation>Export wird vorbereitet…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Loading every matching opportunity… %1 loaded</source>
        <translation>Alle passenden Verkaufschancen werden geladen… %1 geladen</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Writing %1 of %2 rows…</source>
        <translation>%1 von %2 Zeilen werden geschrieben…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading every matching opportunity…</source>
        <translation>Alle passenden Verkaufschancen werden geladen…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Nothing was exported.</source>
        <translation>Es wurde nichts exportiert.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::FilterPanel</name>
    <message>
        <location filename="../ui/filterpanel.cpp" line="+132"/>
        <source>AWS (production)</source>
        <translation>AWS (Produktion)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sandbox (testing)</source>
        <translation>Sandbox (Test)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stages</source>
        <translation>Phasen</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Review statuses</source>
        <translation>Prüfstatus</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Catalo&amp;g</source>
        <translation>&amp;Katalog</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>S&amp;tage</source>
        <translation>&amp;Phase</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Review stat&amp;us</source>
        <translation>Prüf&amp;status</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>One name per line (up to %1)</source>
        <translation>Ein Name pro Zeile (bis zu %1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company names, one per line</source>
        <translation>Unternehmensnamen, einer pro Zeile</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>C&amp;ompany names</source>
        <translation>&amp;Unternehmensnamen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Matched by the service, not by PartnerDesk; AWS does not document how (exact, prefix or case).</source>
        <translation>Der Abgleich erfolgt beim Dienst, nicht in PartnerDesk; AWS dokumentiert nicht, wie (exakt, Präfix, Groß-/Kleinschreibung).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>O1234567 O7654321 … (up to %1)</source>
        <translation>O1234567 O7654321 … (bis zu %1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunity identifiers</source>
        <translation>Kennungen der Verkaufschancen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Identifiers</source>
        <translation>Ke&amp;nnungen</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+2"/>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Last modified</source>
        <translation>Zuletzt geändert</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Target close date</source>
        <translation>Geplantes Abschlussdatum</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sort by</source>
        <translation>Sortieren nach</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sort order</source>
        <translation>Sortierreihenfolge</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sort &amp;by</source>
        <translation>S&amp;ortieren nach</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Server-side filters</source>
        <translation>Filter des Dienstes</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Apply</source>
        <translation>An&amp;wenden</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filters also apply by themselves shortly after each change.</source>
        <translation>Filter werden auch kurz nach jeder Änderung von selbst angewendet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply filters</source>
        <translation>Filter anwenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reset</source>
        <translation>&amp;Zurücksetzen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reset filters</source>
        <translation>Filter zurücksetzen</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>“%1”</source>
        <comment>a company name as sent</comment>
        <translation>„%1“</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent to the service: %1</source>
        <translation>An den Dienst gesendet: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LanguageSettings</name>
    <message>
        <location filename="../ui/languagesettings.cpp" line="+158"/>
        <source>Lan&amp;guage</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>As the &amp;System (%1)</source>
        <translation>Wie das &amp;System (%1)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Language</source>
        <translation>Sprache</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PartnerDesk will use the new language the next time it starts.</source>
        <translation>PartnerDesk verwendet die neue Sprache beim nächsten Start.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LocalCopy</name>
    <message>
        <location filename="../ui/localcopy.cpp" line="+566"/>
        <source>A sync of this local copy is running in another PartnerDesk window; these rows are as of its last sync.</source>
        <translation>In einem anderen PartnerDesk-Fenster läuft eine Synchronisierung dieser lokalen Kopie; diese Zeilen entsprechen dem Stand ihrer letzten Synchronisierung.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>just now</source>
        <translation>gerade eben</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>vor %n Min.</numerusform>
            <numerusform>vor %n Min.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n h ago</source>
        <translation>
            <numerusform>vor %n Std.</numerusform>
            <numerusform>vor %n Std.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n days ago</source>
        <translation>
            <numerusform>vor %n Tag</numerusform>
            <numerusform>vor %n Tagen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not synced yet</source>
        <translation>Noch nicht synchronisiert</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Synced %1</source>
        <translation>Synchronisiert %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Local copy · synced %1</source>
        <translation>Lokale Kopie · synchronisiert um %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LocalCopyDialog</name>
    <message>
        <location filename="../ui/localcopydialog.cpp" line="+25"/>
        <source>Local Copy</source>
        <translation>Lokale Kopie</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Keep a local copy of the opportunities</source>
        <translation>&amp;Lokale Kopie der Verkaufschancen führen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PartnerDesk opens at once on the last synced rows, filters and sorts them without asking the service, and shows what changed.</source>
        <translation>PartnerDesk öffnet sofort mit den zuletzt synchronisierten Zeilen, filtert und sortiert sie, ohne den Dienst zu fragen, und zeigt, was sich geändert hat.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default: PartnerDesk&apos;s data folder</source>
        <translation>Standard: Datenordner von PartnerDesk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation>Durch&amp;suchen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Local copy folder</source>
        <translation>Ordner der lokalen Kopie</translation>
    </message>
    <message>
        <location line="+13"/>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>When PartnerDesk &amp;starts</source>
        <translation>Beim S&amp;tart von PartnerDesk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Every</source>
        <translation>&amp;Alle</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> minutes</source>
        <translation> Minuten</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Only by &amp;hand (View › Refresh, F5)</source>
        <translation>Nur &amp;manuell (Ansicht › Aktualisieren, F5)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Offer a full sync once a &amp;week</source>
        <translation>Einmal pro Woche eine &amp;vollständige Synchronisierung anbieten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A full sync lists every opportunity again and marks the ones you can no longer see as removed.</source>
        <translation>Eine vollständige Synchronisierung listet alle Verkaufschancen erneut auf und markiert die, die Sie nicht mehr sehen können, als entfernt.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No local copy is open.</source>
        <translation>Es ist keine lokale Kopie geöffnet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In use: %1</source>
        <translation>In Verwendung: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Forget Local Data…</source>
        <translation>Lokale Daten ver&amp;gessen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deletes the local copy and its history of changes. The service&apos;s data is not touched.</source>
        <translation>Löscht die lokale Kopie und ihren Änderungsverlauf. Die Daten des Dienstes bleiben unberührt.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Folder:</source>
        <translation>Ordner:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep history for:</source>
        <translation>Verlauf aufbewahren für:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync:</source>
        <translation>Synchronisierung:</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Forget Local Data</source>
        <translation>Lokale Daten vergessen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the local copy of the opportunities and its history of changes?</source>
        <translation>Die lokale Kopie der Verkaufschancen und ihren Änderungsverlauf löschen?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The service&apos;s data is not touched; the next sync lists everything again.</source>
        <translation>Die Daten des Dienstes bleiben unberührt; die nächste Synchronisierung listet alles erneut auf.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::MainWindow</name>
    <message>
        <location filename="../ui/mainwindow.cpp" line="+86"/>
        <location line="+680"/>
        <source>PartnerDesk</source>
        <translation>PartnerDesk</translation>
    </message>
    <message>
        <location line="-675"/>
        <source>The proxy password: %1</source>
        <translation>Proxy-Passwort: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Table</source>
        <translation>Tabelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pipeline</source>
        <translation>Pipeline-Diagramme</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Filters</source>
        <translation>Filter</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Details</source>
        <translation>Einzelheiten</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Changes</source>
        <translation>Änderungen</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>DEMO</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo mode: generated opportunities from PartnerDesk&apos;s built-in emulator. Nothing is sent to AWS.</source>
        <translation>Demomodus: generierte Verkaufschancen aus dem eingebauten Emulator von PartnerDesk. Es wird nichts an AWS gesendet.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Demo mode</source>
        <translation>Demomodus</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Filters, sorting and the quick filter work on the local copy of every opportunity, without asking the service.</source>
        <translation>Filter, Sortierung und Schnellfilter arbeiten auf der lokalen Kopie aller Verkaufschancen, ohne den Dienst zu fragen.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sorted: loaded rows only  ✕</source>
        <translation>Sortiert: nur geladene Zeilen  ✕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This column cannot be sorted by the service, so only the rows loaded so far are sorted. Click to return to the service&apos;s order.</source>
        <translation>Nach dieser Spalte kann der Dienst nicht sortieren, daher werden nur die bisher geladenen Zeilen sortiert. Klicken, um zur Reihenfolge des Dienstes zurückzukehren.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sorted locally, loaded rows only. Press to clear.</source>
        <translation>Lokal sortiert, nur geladene Zeilen. Zum Aufheben drücken.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Only the loaded rows of the part of the pipeline picked in a chart, or of an attention view. Click to show every row again.</source>
        <translation>Nur die geladenen Zeilen des in einem Diagramm gewählten Teils der Pipeline oder einer Hinweisansicht. Klicken, um wieder alle Zeilen anzuzeigen.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Filter loaded rows (Ctrl+F)</source>
        <translation>Geladene Zeilen filtern (Strg+F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quick filter over the loaded rows</source>
        <translation>Schnellfilter für die geladenen Zeilen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Searches the rows already loaded: id, partner CRM id, company, stage, review status, type, industry, city, country and next steps. Use the Filters panel to ask the service.</source>
        <translation>Durchsucht die bereits geladenen Zeilen: ID, Partner-CRM-ID, Unternehmen, Phase, Prüfstatus, Typ, Branche, Ort, Land und nächste Schritte. Für Abfragen beim Dienst das Filterfenster verwenden.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write the opportunities to a CSV file</source>
        <translation>Verkaufschancen in eine CSV-Datei schreiben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select &amp;All Loaded Rows</source>
        <translation>&amp;Alle geladenen Zeilen auswählen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Find in Loaded Rows</source>
        <translation>In geladenen Zeilen &amp;suchen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Edit Filters</source>
        <translation>&amp;Filter bearbeiten</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Table</source>
        <translation>&amp;Tabelle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>P&amp;ipeline</source>
        <translation>&amp;Pipeline-Diagramme</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Aktualisieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Load All Pages</source>
        <translation>Alle Seiten &amp;laden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Stop Loading</source>
        <translation>Laden a&amp;bbrechen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reset &amp;Columns</source>
        <translation>&amp;Spalten zurücksetzen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset &amp;Window Layout</source>
        <translation>&amp;Fensteranordnung zurücksetzen</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Settings</source>
        <translation>&amp;Einstellungen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Connection…</source>
        <translation>&amp;Verbindung…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Profiles…</source>
        <translation>&amp;Profile…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Local Copy…</source>
        <translation>&amp;Lokale Kopie…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About PartnerDesk</source>
        <translation>Über &amp;PartnerDesk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Loading</source>
        <translation>Wird geladen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel loading</source>
        <translation>Laden abbrechen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load More</source>
        <translation>Mehr laden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load the next page</source>
        <translation>Nächste Seite laden</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel Sync</source>
        <translation>Synchronisierung abbrechen</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Filtered to %1. Press to show every row.</source>
        <translation>Gefiltert auf %1. Drücken, um alle Zeilen anzuzeigen.</translation>
    </message>
    <message numerus="yes">
        <location line="+81"/>
        <source>Exported %n opportunities to %1</source>
        <translation>
            <numerusform>%n Verkaufschance nach %1 exportiert</numerusform>
            <numerusform>%n Verkaufschancen nach %1 exportiert</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>Export abgebrochen; es wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>The last full sync is more than a week old. A full sync also finds the opportunities you can no longer see.</source>
        <translation>Die letzte vollständige Synchronisierung ist über eine Woche alt. Eine vollständige Synchronisierung findet auch die Verkaufschancen, die Sie nicht mehr sehen können.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fu&amp;ll Sync</source>
        <translation>Vollständi&amp;g synchronisieren</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Try Agai&amp;n</source>
        <translation>Erneut versu&amp;chen</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>The sync failed; the rows shown are from the last one. %1</source>
        <translation>Die Synchronisierung ist fehlgeschlagen; die angezeigten Zeilen stammen von der letzten. %1</translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>%n opportunities became Action Required or Rejected: %1</source>
        <translation>
            <numerusform>%n Verkaufschance ist jetzt „Handlungsbedarf“ oder „Abgelehnt“: %1</numerusform>
            <numerusform>%n Verkaufschancen sind jetzt „Handlungsbedarf“ oder „Abgelehnt“: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The local copy could not be deleted: %1</source>
        <translation>Die lokale Kopie konnte nicht gelöscht werden: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deleted the local copy %1</source>
        <translation>Lokale Kopie %1 gelöscht</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>SANDBOX · test data</source>
        <translation>SANDBOX · Testdaten</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>AWS · production</source>
        <translation>AWS · Produktion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog %1: every request names this catalog. Change it in the Filters panel.</source>
        <translation>Katalog %1: Jede Anfrage nennt diesen Katalog. Ändern Sie ihn im Filterfenster.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Catalog: %1</source>
        <translation>Katalog: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>PartnerDesk — %1 catalog (demo)</source>
        <translation>PartnerDesk — Katalog %1 (Demo)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PartnerDesk — %1 catalog</source>
        <translation>PartnerDesk — Katalog %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Not connected</source>
        <translation>Nicht verbunden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading…</source>
        <translation>Wird geladen…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No opportunities match these filters</source>
        <translation>Keine Verkaufschancen entsprechen diesen Filtern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 loaded · more available</source>
        <translation>%1 geladen · weitere verfügbar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 loaded · more coming</source>
        <translation>%1 geladen · weitere folgen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 loaded · all</source>
        <translation>%1 geladen · alle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> · %1 shown</source>
        <translation> · %1 angezeigt</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Waiting for quota…</source>
        <translation>Warten auf Kontingent…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The service asked PartnerDesk to slow down (ThrottlingException); it retries by itself.</source>
        <translation>Der Dienst hat PartnerDesk gebeten, langsamer zu werden (ThrottlingException); die Anfrage wird automatisch wiederholt.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading all pages…</source>
        <translation>Alle Seiten werden geladen…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading page…</source>
        <translation>Seite wird geladen…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Syncing: waiting for quota…</source>
        <translation>Synchronisierung: Warten auf Kontingent…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Syncing… %1 rows</source>
        <translation>Synchronisierung… %1 Zeilen</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opening the local copy…</source>
        <translation>Lokale Kopie wird geöffnet…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Last page: %1 ms</source>
        <translation>Letzte Seite: %1 ms</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fetched %1</source>
        <translation>Abgerufen %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>First page of this listing fetched %1</source>
        <translation>Erste Seite dieser Liste abgerufen: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::NoticeBar</name>
    <message>
        <location filename="../ui/noticebar.cpp" line="+24"/>
        <location line="+1"/>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::OpportunityExporter</name>
    <message>
        <location filename="../ui/opportunityexporter.cpp" line="+108"/>
        <source>There is no table to export.</source>
        <translation>Es gibt keine Tabelle zum Exportieren.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No file name was given.</source>
        <translation>Es wurde kein Dateiname angegeben.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“%1” cannot be written: %2</source>
        <translation>„%1“ kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Not connected: the remaining pages cannot be loaded. Export the loaded rows instead, or connect first.</source>
        <translation>Nicht verbunden: Die restlichen Seiten können nicht geladen werden. Exportieren Sie stattdessen die geladenen Zeilen oder stellen Sie zuerst eine Verbindung her.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Not every page could be loaded, so nothing was written: %1</source>
        <translation>Nicht alle Seiten konnten geladen werden, daher wurde nichts geschrieben: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading stopped before the last page (the filters changed or loading was stopped), so nothing was written.</source>
        <translation>Das Laden endete vor der letzten Seite (die Filter wurden geändert oder das Laden wurde gestoppt), daher wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+51"/>
        <source>The table was closed during the export.</source>
        <translation>Die Tabelle wurde während des Exports geschlossen.</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>The table was reloaded during the export, so nothing was written.</source>
        <translation>Die Tabelle wurde während des Exports neu geladen, daher wurde nichts geschrieben.</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+25"/>
        <location line="+19"/>
        <source>Writing “%1” failed: %2</source>
        <translation>„%1“ konnte nicht geschrieben werden: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::OpportunityTableView</name>
    <message>
        <location filename="../ui/opportunitytableview.cpp" line="+124"/>
        <source>Opportunities</source>
        <translation>Verkaufschancen</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>&amp;Copy Cell</source>
        <translation>Zelle &amp;kopieren</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy &amp;Rows with Headers</source>
        <translation>&amp;Zeilen mit Überschriften kopieren</translation>
    </message>
    <message>
        <location line="+164"/>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Reset Columns to Default</source>
        <translation>Spalten auf &amp;Standard zurücksetzen</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::PipelineChartView</name>
    <message>
        <location filename="../ui/pipelinechartview.cpp" line="+29"/>
        <location line="+138"/>
        <source>Copy Chart</source>
        <translation>Diagramm kopieren</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Export Chart…</source>
        <translation>Diagramm exportieren…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SVG drawing (*.svg)</source>
        <translation>SVG-Zeichnung (*.svg)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+10"/>
        <source>Export Chart</source>
        <translation>Diagramm exportieren</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::PipelineView</name>
    <message>
        <location filename="../ui/pipelineview.cpp" line="+112"/>
        <source>Spend currency:</source>
        <translation>Währung der Ausgaben:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Currency of the monthly spend chart</source>
        <translation>Währung des Diagramms der monatlichen Ausgaben</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Count Every Opportunity</source>
        <translation>Alle Verkaufschancen zählen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load the remaining pages of the listing (View › Load All Pages), so the charts count every matching opportunity.</source>
        <translation>Die restlichen Seiten der Liste laden (Ansicht › Alle Seiten laden), damit die Diagramme alle passenden Verkaufschancen zählen.</translation>
    </message>
    <message numerus="yes">
        <location line="+245"/>
        <source>%n opportunities loaded so far</source>
        <translation>
            <numerusform>%n Verkaufschance bisher geladen</numerusform>
            <numerusform>%n Verkaufschancen bisher geladen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n opportunities</source>
        <translation>
            <numerusform>%n Verkaufschance</numerusform>
            <numerusform>%n Verkaufschancen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n spend entries without a valid amount left out</source>
        <translation>
            <numerusform>%n Ausgabeposten ohne gültigen Betrag ausgelassen</numerusform>
            <numerusform>%n Ausgabeposten ohne gültigen Betrag ausgelassen</numerusform>
        </translation>
    </message>
    <message>
        <location line="-222"/>
        <location line="+343"/>
        <source>Opportunities by stage and review status</source>
        <translation>Verkaufschancen nach Phase und Prüfstatus</translation>
    </message>
    <message numerus="yes">
        <location line="+57"/>
        <source>%1 · %2: %n opportunities</source>
        <translation>
            <numerusform>%1 · %2: %n Verkaufschance</numerusform>
            <numerusform>%1 · %2: %n Verkaufschancen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>In this stage: %n opportunities</source>
        <translation>
            <numerusform>In dieser Phase: %n Verkaufschance</numerusform>
            <numerusform>In dieser Phase: %n Verkaufschancen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Monthly spend in this stage: %1</source>
        <translation>Monatliche Ausgaben in dieser Phase: %1</translation>
    </message>
    <message>
        <location line="-404"/>
        <location line="+422"/>
        <source>Monthly expected spend by stage</source>
        <translation>Erwartete monatliche Ausgaben nach Phase</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monthly expected spend by stage (%1)</source>
        <translation>Erwartete monatliche Ausgaben nach Phase (%1)</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>%1 × 10^%2</source>
        <translation>%1 × 10^%2</translation>
    </message>
    <message numerus="yes">
        <location line="+9"/>
        <source>%1: %2 monthly, from %n spend entries</source>
        <translation>
            <numerusform>%1: %2 monatlich, aus %n Ausgabeposten</numerusform>
            <numerusform>%1: %2 monatlich, aus %n Ausgabeposten</numerusform>
        </translation>
    </message>
    <message>
        <location line="-464"/>
        <location line="+476"/>
        <source>Open opportunities by target close month</source>
        <translation>Offene Verkaufschancen nach geplantem Abschlussmonat</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+95"/>
        <source>Overdue</source>
        <translation>Überfällig</translation>
    </message>
    <message>
        <location line="-93"/>
        <source>Due</source>
        <translation>Fällig</translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>%1: %n open opportunities</source>
        <translation>
            <numerusform>%1: %n offene Verkaufschance</numerusform>
            <numerusform>%1: %n offene Verkaufschancen</numerusform>
        </translation>
    </message>
    <message>
        <location line="-499"/>
        <location line="+507"/>
        <source>Time since the last change</source>
        <translation>Zeit seit der letzten Änderung</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunities</source>
        <translation>Verkaufschancen</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Changed %1 ago: %n opportunities</source>
        <translation>
            <numerusform>Zuletzt geändert (%1 her): %n Verkaufschance</numerusform>
            <numerusform>Zuletzt geändert (%1 her): %n Verkaufschancen</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Closed-lost reasons: none in these rows</source>
        <translation>Verlustgründe: keine in diesen Zeilen</translation>
    </message>
    <message>
        <location line="-529"/>
        <location line="+530"/>
        <source>Closed-lost reasons</source>
        <translation>Verlustgründe</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>%1: %n closed-lost opportunities (%2 %)</source>
        <translation>
            <numerusform>%1: %n verlorene Verkaufschance (%2 %)</numerusform>
            <numerusform>%1: %n verlorene Verkaufschancen (%2 %)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>(no stage)</source>
        <translation>(keine Phase)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no review status)</source>
        <translation>(kein Prüfstatus)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Later</source>
        <translation>Später</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>0–7 days</source>
        <translation>0–7 Tage</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>8–30 days</source>
        <translation>8–30 Tage</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>31–90 days</source>
        <translation>31–90 Tage</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>91+ days</source>
        <translation>91+ Tage</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no reason)</source>
        <translation>(kein Grund)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no currency)</source>
        <translation>(keine Währung)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stage: %1 · Review: %2</source>
        <translation>Phase: %1 · Prüfung: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stage: %1 · Spend in %2</source>
        <translation>Phase: %1 · Ausgaben in %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Target close: %1</source>
        <translation>Geplanter Abschluss: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last change: %1 ago</source>
        <translation>Letzte Änderung: %1 her</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closed lost: %1</source>
        <translation>Verloren: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ProfilesDialog</name>
    <message>
        <location filename="../ui/profilesdialog.cpp" line="+62"/>
        <source>Profiles</source>
        <translation>Profile</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PartnerDesk profiles</source>
        <translation>PartnerDesk-Profile</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New</source>
        <translation>&amp;Neu</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New profile</source>
        <translation>Neues Profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>De&amp;lete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete the selected profile</source>
        <translation>Ausgewähltes Profil löschen</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>AWS CLI profiles, read-only</source>
        <translation>AWS-CLI-Profile, schreibgeschützt</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From %1 and %2. Change them with “aws configure”.</source>
        <translation>Aus %1 und %2. Ändern Sie sie mit „aws configure“.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Partner&amp;Desk profiles</source>
        <translation>Partner&amp;Desk-Profile</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A&amp;WS CLI profiles (read-only)</source>
        <translation>A&amp;WS-CLI-Profile (schreibgeschützt)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Profile name</source>
        <translation>Profilname</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Access key ID</source>
        <translation>Zugriffsschlüssel-ID</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Secret access key</source>
        <translation>Geheimer Zugriffsschlüssel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stored only in the system keychain.</source>
        <translation>Wird nur im Systemschlüsselbund gespeichert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stored only in the system keychain, never in a settings file.</source>
        <translation>Wird nur im Systemschlüsselbund gespeichert, nie in einer Einstellungsdatei.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Session token (optional)</source>
        <translation>Sitzungstoken (optional)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only for temporary credentials</source>
        <translation>Nur für temporäre Anmeldedaten</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Region (optional)</source>
        <translation>AWS-Region (optional)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Endpoint URL (optional)</source>
        <translation>Endpunkt-URL (optional)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The region&apos;s standard endpoint</source>
        <translation>Der Standardendpunkt der Region</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Na&amp;me:</source>
        <translation>Profilna&amp;me:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Access &amp;key ID:</source>
        <translation>Zugriffsschlüssel-&amp;ID:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Secret access key:</source>
        <translation>&amp;Geheimer Zugriffsschlüssel:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session t&amp;oken:</source>
        <translation>Sit&amp;zungstoken:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Region:</source>
        <translation>AWS-&amp;Region:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Endpoint URL:</source>
        <translation>&amp;Endpunkt-URL:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sa&amp;ve</source>
        <translation>&amp;Speichern</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the profile</source>
        <translation>Profil speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Test Connection</source>
        <translation>Verbindung &amp;testen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test the connection for both catalogs</source>
        <translation>Verbindung für beide Kataloge testen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lists one opportunity of each catalog (AWS and Sandbox).</source>
        <translation>Listet je Katalog (AWS und Sandbox) eine Verkaufschance auf.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Use This Profile</source>
        <translation>Dieses Profil &amp;verwenden</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect with this profile</source>
        <translation>Mit diesem Profil verbinden</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Connection test result</source>
        <translation>Ergebnis des Verbindungstests</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy IAM &amp;Policy</source>
        <translation>IAM-Richtlinie &amp;kopieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy a least-privilege IAM policy</source>
        <translation>IAM-Richtlinie mit minimalen Rechten kopieren</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copies a policy that allows partnercentral:ListOpportunities on the AWS and Sandbox catalogs.</source>
        <translation>Kopiert eine Richtlinie, die partnercentral:ListOpportunities für die Kataloge AWS und Sandbox erlaubt.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The IAM policy is on the clipboard.</source>
        <translation>Die IAM-Richtlinie ist in der Zwischenablage.</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>New PartnerDesk profile</source>
        <translation>Neues PartnerDesk-Profil</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The secret access key and the session token are stored in the %1; the other fields in PartnerDesk&apos;s settings.</source>
        <translation>Geheimer Zugriffsschlüssel und Sitzungstoken werden im %1 gespeichert, die übrigen Felder in den Einstellungen von PartnerDesk.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>AWS CLI profile “%1”</source>
        <translation>AWS-CLI-Profil „%1“</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read-only here. PartnerDesk uses it as the AWS CLI would.</source>
        <translation>Hier schreibgeschützt. PartnerDesk verwendet es wie die AWS CLI.</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+129"/>
        <source>PartnerDesk profile “%1”</source>
        <translation>PartnerDesk-Profil „%1“</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Reading the secrets of %1 from the %2…</source>
        <translation>Geheimnisse von %1 werden aus dem %2 gelesen…</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>An AWS CLI profile is already called %1, and it would take precedence. Choose another name.</source>
        <translation>Ein AWS-CLI-Profil heißt bereits %1 und hätte Vorrang. Wählen Sie einen anderen Namen.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A PartnerDesk profile called %1 already exists.</source>
        <translation>Ein PartnerDesk-Profil namens %1 existiert bereits.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the access key ID.</source>
        <translation>Geben Sie die Zugriffsschlüssel-ID ein.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the secret access key.</source>
        <translation>Geben Sie den geheimen Zugriffsschlüssel ein.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+114"/>
        <source>“%1” is not a valid region name.</source>
        <translation>„%1“ ist kein gültiger Regionsname.</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>“%1” is not a valid endpoint URL.</source>
        <translation>„%1“ ist keine gültige Endpunkt-URL.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Saving %1…</source>
        <translation>%1 wird gespeichert…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Profile %1 saved; its secret access key is in the %2.</source>
        <translation>Profil %1 gespeichert; sein geheimer Zugriffsschlüssel liegt im %2.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Delete Profile</source>
        <translation>Profil löschen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the profile %1 and its secrets in the %2?</source>
        <translation>Das Profil %1 und seine Geheimnisse im %2 löschen?</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deleting %1…</source>
        <translation>%1 wird gelöscht…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Profile %1 deleted.</source>
        <translation>Profil %1 gelöscht.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Enter the access key ID and the secret access key first.</source>
        <translation>Geben Sie zuerst Zugriffsschlüssel-ID und geheimen Zugriffsschlüssel ein.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>the keys entered here</source>
        <translation>die hier eingegebenen Schlüssel</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Testing %1 (region %2)…</source>
        <translation>%1 wird getestet (Region %2)…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Catalog %1: testing…</source>
        <translation>Katalog %1: wird getestet…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Connection test passed.</source>
        <translation>Verbindungstest bestanden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connection test failed.</source>
        <translation>Verbindungstest fehlgeschlagen.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::SavedViewsDialog</name>
    <message>
        <location filename="../ui/savedviewsdialog.cpp" line="+22"/>
        <source>Manage Views</source>
        <translation>Ansichten verwalten</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved views</source>
        <translation>Gespeicherte Ansichten</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Apply</source>
        <translation>An&amp;wenden</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Rename…</source>
        <translation>&amp;Umbenennen…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete</source>
        <translation>&amp;Löschen</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportieren…</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+3"/>
        <source>Rename View</source>
        <translation>Ansicht umbenennen</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>New name:</source>
        <translation>Neuer Name:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“%1” is empty or already the name of a view.</source>
        <translation>„%1“ ist leer oder bereits der Name einer Ansicht.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete View</source>
        <translation>Ansicht löschen</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete the view “%1”?</source>
        <translation>Die Ansicht „%1“ löschen?</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+4"/>
        <source>Export View</source>
        <translation>Ansicht exportieren</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>PartnerDesk views (*.pdview.json *.json)</source>
        <translation>PartnerDesk-Ansichten (*.pdview.json *.json)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 (start view)</source>
        <translation>%1 (Startansicht)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&amp;Clear Start View</source>
        <translation>Startansicht &amp;aufheben</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set as &amp;Start View</source>
        <translation>Als &amp;Startansicht festlegen</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::StageProgressStrip</name>
    <message>
        <location filename="../ui/stageprogressstrip.cpp" line="+22"/>
        <source>Stage progress</source>
        <translation>Phasenfortschritt</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Closed lost</source>
        <translation>Verloren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stage %1 of %2: %3</source>
        <translation>Phase %1 von %2: %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No stage</source>
        <translation>Keine Phase</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ViewsMenu</name>
    <message>
        <location filename="../ui/viewsmenu.cpp" line="+54"/>
        <source>PartnerDesk views (*.pdview.json *.json)</source>
        <translation>PartnerDesk-Ansichten (*.pdview.json *.json)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Vie&amp;ws</source>
        <translation>Ans&amp;ichten</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Save Current View…</source>
        <translation>Aktuelle Ansicht &amp;speichern…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Manage Views…</source>
        <translation>Ansichten &amp;verwalten…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import View…</source>
        <translation>Ansicht &amp;importieren…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xport Current View…</source>
        <translation>Aktuelle Ansicht e&amp;xportieren…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Copy as AWS CLI Command</source>
        <translation>Als AWS-CLI-Befehl &amp;kopieren</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the aws partnercentral-selling list-opportunities command for the filters the service applies; filters on the loaded rows follow as a comment</source>
        <translation>Den Befehl aws partnercentral-selling list-opportunities für die Filter kopieren, die der Dienst anwendet; Filter auf die geladenen Zeilen folgen als Kommentar</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+182"/>
        <source>Saved views: %1</source>
        <translation>Gespeicherte Ansichten: %1</translation>
    </message>
    <message>
        <location line="-121"/>
        <source>View “%1” applied</source>
        <translation>Ansicht „%1“ angewendet</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Cannot read %1: %2</source>
        <translation>%1 kann nicht gelesen werden: %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The view could not be saved.</source>
        <translation>Die Ansicht konnte nicht gespeichert werden.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot write %1: %2</source>
        <translation>%1 kann nicht geschrieben werden: %2</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>quick filter “%1”</source>
        <translation>Schnellfilter „%1“</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 (start view)</source>
        <translation>%1 (Startansicht)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Save Current View</source>
        <translation>Aktuelle Ansicht speichern</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name of the view (filters, local filter, columns and sort):</source>
        <translation>Name der Ansicht (Filter, lokaler Filter, Spalten und Sortierung):</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>View “%1” saved</source>
        <translation>Ansicht „%1“ gespeichert</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Import View</source>
        <translation>Ansicht importieren</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import failed: %1</source>
        <translation>Import fehlgeschlagen: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>View</source>
        <translation>Ansicht</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export Current View</source>
        <translation>Aktuelle Ansicht exportieren</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exported to %1</source>
        <translation>Nach %1 exportiert</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>AWS CLI command copied</source>
        <translation>AWS-CLI-Befehl kopiert</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::WelcomeDialog</name>
    <message>
        <location filename="../ui/welcomedialog.cpp" line="+19"/>
        <location line="+6"/>
        <source>Welcome to PartnerDesk</source>
        <translation>Willkommen bei PartnerDesk</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PartnerDesk found no AWS credentials: no keys in the environment, no AWS CLI profile in ~/.aws and no PartnerDesk profile.

Set up a profile with an access key (the secret goes to the system keychain), or look around with generated demo data first; nothing is sent to AWS in the demo.</source>
        <translation>PartnerDesk hat keine AWS-Anmeldedaten gefunden: keine Schlüssel in der Umgebung, kein AWS-CLI-Profil in ~/.aws und kein PartnerDesk-Profil.

Richten Sie ein Profil mit einem Zugriffsschlüssel ein (der geheime Schlüssel kommt in den Systemschlüsselbund), oder sehen Sie sich zuerst mit generierten Demodaten um; in der Demo wird nichts an AWS gesendet.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Set Up a Profile…</source>
        <translation>Profil &amp;einrichten…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Try the &amp;Demo</source>
        <translation>&amp;Demo ausprobieren</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Later</source>
        <translation>&amp;Später</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+71"/>
        <source>Browse, filter and inspect AWS Partner Central opportunities.</source>
        <translation>Verkaufschancen aus AWS Partner Central durchsuchen, filtern und ansehen.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Browse generated demo data served by a built-in emulator; nothing is sent to AWS.</source>
        <translation>Generierte Demodaten aus einem eingebauten Emulator durchsuchen; es wird nichts an AWS gesendet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Use the AWS CLI or PartnerDesk profile &lt;name&gt;.</source>
        <translation>Das AWS-CLI- oder PartnerDesk-Profil &lt;name&gt; verwenden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use the AWS region &lt;region&gt;.</source>
        <translation>Die AWS-Region &lt;region&gt; verwenden.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>region</source>
        <translation>region</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send requests to &lt;url&gt; instead of the region&apos;s endpoint.</source>
        <translation>Anfragen an &lt;url&gt; statt an den Endpunkt der Region senden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use the language &lt;code&gt; (en, de, fr, es, ja, pt_BR) instead of the system&apos;s or the saved one.</source>
        <translation>Die Sprache &lt;code&gt; (en, de, fr, es, ja, pt_BR) statt der System- oder der gespeicherten Sprache verwenden.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open on the &lt;view&gt;: table (default) or pipeline.</source>
        <translation>Mit der Ansicht &lt;view&gt; öffnen: table (Standard) oder pipeline.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>view</source>
        <translation>view</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Unknown view &apos;%1&apos;: choose table or pipeline.</source>
        <translation>Unbekannte Ansicht „%1“: Wählen Sie table oder pipeline.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The demo service did not start: %1</source>
        <translation>Der Demodienst ist nicht gestartet: %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Demo data</source>
        <translation>Demodaten</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PartnerDesk</source>
        <translation>PartnerDesk</translation>
    </message>
</context>
</TS>
