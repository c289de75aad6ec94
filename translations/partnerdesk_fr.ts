<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>Pd::Core::ApiError</name>
    <message>
        <location filename="../core/api/apierror.cpp" line="+49"/>
        <source> (reached max retries: %1)</source>
        <translation> (nombre maximal de tentatives atteint&#xa0;: %1)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Parameter validation failed for the %1 operation; nothing was sent:</source>
        <translation>La validation des paramètres de l’opération %1 a échoué&#xa0;; rien n’a été envoyé&#xa0;:</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+43"/>
        <source>Configuration error: %1</source>
        <translation>Erreur de configuration&#xa0;: %1</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Network error when calling the %1 operation%2: %3</source>
        <translation>Erreur réseau lors de l’appel de l’opération %1%2&#xa0;: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Timed out when calling the %1 operation%2: %3</source>
        <translation>Délai dépassé lors de l’appel de l’opération %1%2&#xa0;: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The %1 operation was cancelled.</source>
        <translation>L’opération %1 a été annulée.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The %1 operation returned an invalid response: %2</source>
        <translation>L’opération %1 a renvoyé une réponse non valide&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>An error occurred (%1) when calling the %2 operation%3: %4</source>
        <translation>Une erreur s’est produite (%1) lors de l’appel de l’opération %2%3&#xa0;: %4</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Request refused locally: %1</source>
        <translation>Requête refusée localement&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelled</source>
        <translation>Annulé</translation>
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
        <translation> [requête %1]</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n request member(s) failed validation.</source>
        <translation>
            <numerusform>%n membre de la requête n’a pas passé la validation.</numerusform>
            <numerusform>%n membres de la requête n’ont pas passé la validation.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/api/errorparser.cpp" line="+248"/>
        <source>The service returned %1 with an empty body.</source>
        <translation>Le service a renvoyé %1 avec un corps vide.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service returned %1 with a body that is not a JSON error object: %2</source>
        <translation>Le service a renvoyé %1 avec un corps qui n’est pas un objet d’erreur JSON&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The service returned %1 without an error message.</source>
        <translation>Le service a renvoyé %1 sans message d’erreur.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AttentionView</name>
    <message>
        <location filename="../core/model/attentionview.cpp" line="+66"/>
        <source>Action Required</source>
        <translation>Action requise</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Overdue</source>
        <translation>En retard</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closing this month</source>
        <translation>Clôture ce mois-ci</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closing this quarter</source>
        <translation>Clôture ce trimestre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No update in 30 days</source>
        <translation>Pas de mise à jour depuis 30 jours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Changed since I last looked</source>
        <translation>Modifiées depuis ma dernière consultation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rejected</source>
        <translation>Rejetées</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Opportunities whose review status is Action Required: AWS waits for an answer.</source>
        <translation>Opportunités dont le statut de revue est «&#xa0;Action requise&#xa0;»&#xa0;: AWS attend une réponse.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities whose target close date has passed.</source>
        <translation>Opportunités ouvertes dont la date de clôture prévue est dépassée.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities due to close from today to the end of this month.</source>
        <translation>Opportunités ouvertes dont la clôture est prévue entre aujourd’hui et la fin du mois.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities due to close from today to the end of this quarter.</source>
        <translation>Opportunités ouvertes dont la clôture est prévue entre aujourd’hui et la fin du trimestre.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities last changed more than 30 days ago.</source>
        <translation>Opportunités modifiées pour la dernière fois il y a plus de 30 jours.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities a sync changed since you last looked at them.</source>
        <translation>Opportunités modifiées par une synchronisation depuis votre dernière consultation.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities whose review status is Rejected.</source>
        <translation>Opportunités dont le statut de revue est «&#xa0;Rejetée&#xa0;».</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AwsClient</name>
    <message>
        <location filename="../core/api/awsclient.cpp" line="+29"/>
        <source>No AWS credentials are configured.</source>
        <translation>Aucun identifiant AWS n’est configuré.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AwsConfigFile</name>
    <message>
        <location filename="../core/aws/awsconfigfile.cpp" line="+69"/>
        <source>this is a folder, not a file</source>
        <translation>il s’agit d’un dossier, pas d’un fichier</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+8"/>
        <source>the file is larger than %1 MiB</source>
        <translation>le fichier dépasse %1 Mio</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>the line is not valid UTF-8 text</source>
        <translation>la ligne n’est pas du texte UTF-8 valide</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>expected “key = value” inside the nested “%1” settings</source>
        <translation>«&#xa0;clé = valeur&#xa0;» attendu dans les paramètres imbriqués «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>the section header has no closing “]”</source>
        <translation>l’en-tête de section n’a pas de «&#xa0;]&#xa0;» fermant</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the section name is empty</source>
        <translation>le nom de section est vide</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the section [%1] appears twice (first on line %2)</source>
        <translation>la section [%1] apparaît deux fois (d’abord à la ligne %2)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>“%1” comes before the first [section] header</source>
        <translation>«&#xa0;%1&#xa0;» figure avant le premier en-tête [section]</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>expected “key = value”</source>
        <translation>«&#xa0;clé = valeur&#xa0;» attendu</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the key name before “%1” is missing</source>
        <translation>le nom de clé avant «&#xa0;%1&#xa0;» est absent</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the key “%1” appears twice in [%2] (first on line %3)</source>
        <translation>la clé «&#xa0;%1&#xa0;» apparaît deux fois dans [%2] (d’abord à la ligne %3)</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>%1, line %2: %3</source>
        <translation>%1, ligne %2&#xa0;: %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AwsJsonCall</name>
    <message>
        <location filename="../core/api/awsjsoncall.cpp" line="+148"/>
        <source>The request was cancelled.</source>
        <translation>La requête a été annulée.</translation>
    </message>
    <message>
        <location line="+117"/>
        <location line="+30"/>
        <location line="+20"/>
        <source>The client of this call no longer exists.</source>
        <translation>Le client de cet appel n’existe plus.</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>No AWS credentials are configured.</source>
        <translation>Aucun identifiant AWS n’est configuré.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No AWS credentials are available.</source>
        <translation>Aucun identifiant AWS n’est disponible.</translation>
    </message>
    <message>
        <location line="+170"/>
        <source>The response is larger than %1 MiB; it was not read.</source>
        <translation>La réponse dépasse %1 Mio&#xa0;; elle n’a pas été lue.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No data arrived for %1 ms; the attempt timed out.</source>
        <translation>Aucune donnée reçue pendant %1 ms&#xa0;; la tentative a expiré.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The connection closed after %1 of %2 bytes of the response.</source>
        <translation>La connexion s’est fermée après %1 octets sur %2 de la réponse.</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>The server closed the connection without a response.</source>
        <translation>Le serveur a fermé la connexion sans répondre.</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>The endpoint answered with a redirect (HTTP %1) to &quot;%2&quot;; redirects are not followed. Check the endpoint URL.</source>
        <translation>Le point de terminaison a répondu par une redirection (HTTP %1) vers «&#xa0;%2&#xa0;»&#xa0;; les redirections ne sont pas suivies. Vérifiez l’URL du point de terminaison.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CaBundle</name>
    <message>
        <location filename="../core/http/cabundle.cpp" line="+11"/>
        <source>The CA bundle %1 could not be read: %2</source>
        <translation>Impossible de lire le bundle CA %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The CA bundle %1 holds no PEM certificate.</source>
        <translation>Le bundle CA %1 ne contient aucun certificat PEM.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ConnectionResolver</name>
    <message>
        <location filename="../core/aws/connectionresolver.cpp" line="+71"/>
        <source>%1 of profile %2 (%3, line %4)</source>
        <translation>%1 du profil %2 (%3, ligne %4)</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>The profile “%1” (from %2) could not be found in %3, in %4 or among the PartnerDesk profiles.</source>
        <translation>Le profil «&#xa0;%1&#xa0;» (issu de %2) est introuvable dans %3, dans %4 et parmi les profils PartnerDesk.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.</source>
        <translation>AWS_ACCESS_KEY_ID est défini, mais pas AWS_SECRET_ACCESS_KEY.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>environment variables</source>
        <translation>variables d’environnement</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Profile %1 assumes a role (role_arn), which PartnerDesk does not support. Give it temporary keys, or use a profile with credential_process = aws configure export-credentials --profile %1 --format process.</source>
        <translation>Le profil %1 assume un rôle (role_arn), ce que PartnerDesk ne prend pas en charge. Donnez-lui des clés temporaires ou utilisez un profil avec credential_process = aws configure export-credentials --profile %1 --format process.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Profile %1 uses a web identity token (web_identity_token_file), which PartnerDesk does not support.</source>
        <translation>Le profil %1 utilise un jeton d’identité web (web_identity_token_file), ce que PartnerDesk ne prend pas en charge.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Profile %1 signs in through IAM Identity Center (SSO), which PartnerDesk does not support directly. Use a profile with credential_process = aws configure export-credentials --profile %1 --format process.</source>
        <translation>Le profil %1 se connecte via IAM Identity Center (SSO), ce que PartnerDesk ne prend pas directement en charge. Utilisez un profil avec credential_process = aws configure export-credentials --profile %1 --format process.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Profile %1 in %2 has aws_access_key_id but no aws_secret_access_key.</source>
        <translation>Le profil %1 dans %2 a aws_access_key_id mais pas aws_secret_access_key.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>profile %1 (%2)</source>
        <translation>profil %1 (%2)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Profile %1 has no credentials: add aws_access_key_id and aws_secret_access_key, or credential_process, to it in %2 or %3.</source>
        <translation>Le profil %1 n’a pas d’identifiants&#xa0;: ajoutez-lui aws_access_key_id et aws_secret_access_key, ou credential_process, dans %2 ou %3.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No AWS credentials were found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile, add a [default] profile to %1, or create a PartnerDesk profile.</source>
        <translation>Aucun identifiant AWS trouvé. Définissez AWS_ACCESS_KEY_ID et AWS_SECRET_ACCESS_KEY, choisissez un profil, ajoutez un profil [default] à %1 ou créez un profil PartnerDesk.</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+49"/>
        <source>PartnerDesk profile %1</source>
        <translation>profil PartnerDesk %1</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>default</source>
        <translation>par défaut</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The region “%1” (from %2) is not a valid region name.</source>
        <translation>La région «&#xa0;%1&#xa0;» (issue de %2) n’est pas un nom de région valide.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>[services %1] %2 endpoint_url in %3</source>
        <translation>[services %1] %2 endpoint_url dans %3</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>default for region %1</source>
        <translation>valeur par défaut pour la région %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The endpoint URL “%1” (from %2) is not valid: it must look like https://host[:port].</source>
        <translation>L’URL de point de terminaison «&#xa0;%1&#xa0;» (issue de %2) n’est pas valide&#xa0;: elle doit être de la forme https://hôte[:port].</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The endpoint URL “%1” (from %2) may not contain a user name, a query or a fragment.</source>
        <translation>L’URL de point de terminaison «&#xa0;%1&#xa0;» (issue de %2) ne doit contenir ni nom d’utilisateur, ni requête, ni fragment.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (The endpoint came from %2.)</source>
        <translation>%1 (Le point de terminaison provient de %2.)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The retry mode “%1” (from %2) is not one of standard, legacy or adaptive.</source>
        <translation>Le mode de nouvelle tentative «&#xa0;%1&#xa0;» (issu de %2) n’est ni standard, ni legacy, ni adaptive.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The maximum number of attempts “%1” (from %2) is not a positive whole number.</source>
        <translation>Le nombre maximal de tentatives «&#xa0;%1&#xa0;» (issu de %2) n’est pas un entier positif.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>%1 (The proxy came from the connection settings.)</source>
        <translation>%1 (Le proxy provient des paramètres de connexion.)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the connection settings</source>
        <translation>vos paramètres de connexion</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the system proxy settings</source>
        <translation>la configuration proxy du système</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system proxy for %1 is not an HTTP proxy, which PartnerDesk does not support. Choose a manual HTTP proxy in the connection settings.</source>
        <translation>Le proxy système pour %1 n’est pas un proxy HTTP, ce que PartnerDesk ne prend pas en charge. Choisissez un proxy HTTP manuel dans les paramètres de connexion.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 (The proxy came from %2.)</source>
        <translation>%1 (Le proxy provient de %2.)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%1 (The CA bundle came from %2.)</source>
        <translation>%1 (Le bundle CA provient de %2.)</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ConnectionTest</name>
    <message>
        <location filename="../core/api/connectiontest.cpp" line="+33"/>
        <source>%1 The service said: “%2”</source>
        <translation>%1 Réponse du service&#xa0;: «&#xa0;%2&#xa0;»</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Catalog %1: connected. These credentials may list opportunities (%2 ms).</source>
        <translation>Catalogue %1&#xa0;: connecté. Ces identifiants permettent de lister les opportunités (%2 ms).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Catalog %1: access denied. The keys are valid, but their IAM identity is not allowed the action %2 for this catalog. Add it to a policy; the condition key %3 can limit it to the catalogs you use.</source>
        <translation>Catalogue %1&#xa0;: accès refusé. Les clés sont valides, mais leur identité IAM n’est pas autorisée à effectuer l’action %2 sur ce catalogue. Ajoutez-la à une stratégie&#xa0;; la clé de condition %3 permet de la limiter aux catalogues que vous utilisez.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Catalog %1: the signature was rejected. The secret access key does not belong to this access key ID, or this computer&apos;s clock is wrong.</source>
        <translation>Catalogue %1&#xa0;: la signature a été rejetée. La clé d’accès secrète ne correspond pas à cet ID de clé d’accès, ou l’horloge de cet ordinateur est fausse.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Catalog %1: AWS does not know this access key ID (or its session token). Check for typing mistakes, or whether the key was deactivated or deleted.</source>
        <translation>Catalogue %1&#xa0;: AWS ne connaît pas cet ID de clé d’accès (ou son jeton de session). Vérifiez qu’il n’y a pas de faute de frappe et que la clé n’a pas été désactivée ou supprimée.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Catalog %1: the credentials have expired. Get new temporary credentials and a new session token.</source>
        <translation>Catalogue %1&#xa0;: les identifiants ont expiré. Obtenez de nouveaux identifiants temporaires et un nouveau jeton de session.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Catalog %1: the credentials were refused (%2).</source>
        <translation>Catalogue %1&#xa0;: les identifiants ont été refusés (%2).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Catalog %1: nothing was sent. %2</source>
        <translation>Catalogue %1&#xa0;: rien n’a été envoyé. %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service could not be reached: %2</source>
        <translation>Catalogue %1&#xa0;: impossible de joindre le service&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service did not answer in time.</source>
        <translation>Catalogue %1&#xa0;: le service n’a pas répondu à temps.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service is throttling requests for this account. Try again in a moment.</source>
        <translation>Catalogue %1&#xa0;: le service limite actuellement les requêtes de ce compte. Réessayez dans un instant.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Catalog %1: cancelled.</source>
        <translation>Catalogue %1&#xa0;: annulé.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Catalog %1: the service answered %2 (HTTP %3).</source>
        <translation>Catalogue %1&#xa0;: le service a répondu %2 (HTTP %3).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Catalog %1: the request failed: %2</source>
        <translation>Catalogue %1&#xa0;: la requête a échoué&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CountryNames</name>
    <message>
        <location filename="../core/model/countrynames.cpp" line="+23"/>
        <source>United States</source>
        <comment>country</comment>
        <translation>États-Unis</translation>
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
        <translation>Îles Åland</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Albania</source>
        <comment>country</comment>
        <translation>Albanie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Algeria</source>
        <comment>country</comment>
        <translation>Algérie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>American Samoa</source>
        <comment>country</comment>
        <translation>Samoa américaines</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Andorra</source>
        <comment>country</comment>
        <translation>Andorre</translation>
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
        <translation>Antarctique</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Argentina</source>
        <comment>country</comment>
        <translation>Argentine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Armenia</source>
        <comment>country</comment>
        <translation>Arménie</translation>
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
        <translation>Australie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Austria</source>
        <comment>country</comment>
        <translation>Autriche</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Azerbaijan</source>
        <comment>country</comment>
        <translation>Azerbaïdjan</translation>
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
        <translation>Bahreïn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bangladesh</source>
        <comment>country</comment>
        <translation>Bangladesh</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Barbados</source>
        <comment>country</comment>
        <translation>Barbade</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belarus</source>
        <comment>country</comment>
        <translation>Biélorussie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belgium</source>
        <comment>country</comment>
        <translation>Belgique</translation>
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
        <translation>Bénin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bermuda</source>
        <comment>country</comment>
        <translation>Bermudes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bhutan</source>
        <comment>country</comment>
        <translation>Bhoutan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bolivia</source>
        <comment>country</comment>
        <translation>Bolivie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caribbean Netherlands</source>
        <comment>country</comment>
        <translation>Pays-Bas caribéens</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bosnia and Herzegovina</source>
        <comment>country</comment>
        <translation>Bosnie-Herzégovine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Botswana</source>
        <comment>country</comment>
        <translation>Botswana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bouvet Island</source>
        <comment>country</comment>
        <translation>Île Bouvet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brazil</source>
        <comment>country</comment>
        <translation>Brésil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>British Indian Ocean Territory</source>
        <comment>country</comment>
        <translation>Territoire britannique de l’océan Indien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brunei</source>
        <comment>country</comment>
        <translation>Brunei</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bulgaria</source>
        <comment>country</comment>
        <translation>Bulgarie</translation>
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
        <translation>Cambodge</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cameroon</source>
        <comment>country</comment>
        <translation>Cameroun</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Canada</source>
        <comment>country</comment>
        <translation>Canada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cape Verde</source>
        <comment>country</comment>
        <translation>Cap-Vert</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cayman Islands</source>
        <comment>country</comment>
        <translation>Îles Caïmans</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Central African Republic</source>
        <comment>country</comment>
        <translation>République centrafricaine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chad</source>
        <comment>country</comment>
        <translation>Tchad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chile</source>
        <comment>country</comment>
        <translation>Chili</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>China</source>
        <comment>country</comment>
        <translation>Chine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Christmas Island</source>
        <comment>country</comment>
        <translation>Île Christmas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cocos (Keeling) Islands</source>
        <comment>country</comment>
        <translation>Îles Cocos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colombia</source>
        <comment>country</comment>
        <translation>Colombie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comoros</source>
        <comment>country</comment>
        <translation>Comores</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Congo - Brazzaville</source>
        <comment>country</comment>
        <translation>Congo-Brazzaville</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cook Islands</source>
        <comment>country</comment>
        <translation>Îles Cook</translation>
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
        <translation>Croatie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cuba</source>
        <comment>country</comment>
        <translation>Cuba</translation>
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
        <translation>Chypre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Czechia</source>
        <comment>country</comment>
        <translation>Tchéquie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Congo - Kinshasa</source>
        <comment>country</comment>
        <translation>Congo-Kinshasa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Denmark</source>
        <comment>country</comment>
        <translation>Danemark</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Djibouti</source>
        <comment>country</comment>
        <translation>Djibouti</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dominica</source>
        <comment>country</comment>
        <translation>Dominique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dominican Republic</source>
        <comment>country</comment>
        <translation>République dominicaine</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ecuador</source>
        <comment>country</comment>
        <translation>Équateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Egypt</source>
        <comment>country</comment>
        <translation>Égypte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>El Salvador</source>
        <comment>country</comment>
        <translation>Salvador</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Equatorial Guinea</source>
        <comment>country</comment>
        <translation>Guinée équatoriale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Eritrea</source>
        <comment>country</comment>
        <translation>Érythrée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Estonia</source>
        <comment>country</comment>
        <translation>Estonie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ethiopia</source>
        <comment>country</comment>
        <translation>Éthiopie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Falkland Islands</source>
        <comment>country</comment>
        <translation>Îles Malouines</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Faroe Islands</source>
        <comment>country</comment>
        <translation>Îles Féroé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fiji</source>
        <comment>country</comment>
        <translation>Fidji</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finland</source>
        <comment>country</comment>
        <translation>Finlande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>France</source>
        <comment>country</comment>
        <translation>France</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Guiana</source>
        <comment>country</comment>
        <translation>Guyane française</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Polynesia</source>
        <comment>country</comment>
        <translation>Polynésie française</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Southern Territories</source>
        <comment>country</comment>
        <translation>Terres australes françaises</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gabon</source>
        <comment>country</comment>
        <translation>Gabon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gambia</source>
        <comment>country</comment>
        <translation>Gambie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Georgia</source>
        <comment>country</comment>
        <translation>Géorgie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Germany</source>
        <comment>country</comment>
        <translation>Allemagne</translation>
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
        <translation>Grèce</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greenland</source>
        <comment>country</comment>
        <translation>Groenland</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grenada</source>
        <comment>country</comment>
        <translation>Grenade</translation>
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
        <translation>Guernesey</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guinea</source>
        <comment>country</comment>
        <translation>Guinée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guinea-Bissau</source>
        <comment>country</comment>
        <translation>Guinée-Bissau</translation>
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
        <translation>Haïti</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>Antigua and Barbuda</source>
        <comment>country</comment>
        <translation>Antigua-et-Barbuda</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Heard and McDonald Islands</source>
        <comment>country</comment>
        <translation>Îles Heard-et-MacDonald</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vatican City</source>
        <comment>country</comment>
        <translation>État de la Cité du Vatican</translation>
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
        <translation>Hong Kong</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hungary</source>
        <comment>country</comment>
        <translation>Hongrie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Iceland</source>
        <comment>country</comment>
        <translation>Islande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>India</source>
        <comment>country</comment>
        <translation>Inde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indonesia</source>
        <comment>country</comment>
        <translation>Indonésie</translation>
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
        <translation>Irlande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Isle of Man</source>
        <comment>country</comment>
        <translation>Île de Man</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Israel</source>
        <comment>country</comment>
        <translation>Israël</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Italy</source>
        <comment>country</comment>
        <translation>Italie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jamaica</source>
        <comment>country</comment>
        <translation>Jamaïque</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Japan</source>
        <comment>country</comment>
        <translation>Japon</translation>
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
        <translation>Jordanie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kazakhstan</source>
        <comment>country</comment>
        <translation>Kazakhstan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kenya</source>
        <comment>country</comment>
        <translation>Kenya</translation>
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
        <translation>Corée du Sud</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kuwait</source>
        <comment>country</comment>
        <translation>Koweït</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kyrgyzstan</source>
        <comment>country</comment>
        <translation>Kirghizstan</translation>
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
        <translation>Lettonie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lebanon</source>
        <comment>country</comment>
        <translation>Liban</translation>
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
        <translation>Libye</translation>
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
        <translation>Lituanie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Luxembourg</source>
        <comment>country</comment>
        <translation>Luxembourg</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Macao</source>
        <comment>country</comment>
        <translation>Macao</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>North Macedonia</source>
        <comment>country</comment>
        <translation>Macédoine du Nord</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Madagascar</source>
        <comment>country</comment>
        <translation>Madagascar</translation>
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
        <translation>Malaisie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maldives</source>
        <comment>country</comment>
        <translation>Maldives</translation>
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
        <translation>Malte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marshall Islands</source>
        <comment>country</comment>
        <translation>Îles Marshall</translation>
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
        <translation>Mauritanie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mauritius</source>
        <comment>country</comment>
        <translation>Maurice</translation>
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
        <translation>Mexique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Micronesia</source>
        <comment>country</comment>
        <translation>Micronésie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moldova</source>
        <comment>country</comment>
        <translation>Moldavie</translation>
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
        <translation>Mongolie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Montenegro</source>
        <comment>country</comment>
        <translation>Monténégro</translation>
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
        <translation>Maroc</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mozambique</source>
        <comment>country</comment>
        <translation>Mozambique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Myanmar (Burma)</source>
        <comment>country</comment>
        <translation>Myanmar (Birmanie)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Namibia</source>
        <comment>country</comment>
        <translation>Namibie</translation>
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
        <translation>Népal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netherlands</source>
        <comment>country</comment>
        <translation>Pays-Bas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netherlands Antilles</source>
        <comment>country</comment>
        <translation>Antilles néerlandaises</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Caledonia</source>
        <comment>country</comment>
        <translation>Nouvelle-Calédonie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Zealand</source>
        <comment>country</comment>
        <translation>Nouvelle-Zélande</translation>
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
        <translation>Île Norfolk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Northern Mariana Islands</source>
        <comment>country</comment>
        <translation>Îles Mariannes du Nord</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Norway</source>
        <comment>country</comment>
        <translation>Norvège</translation>
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
        <translation>Palaos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Palestinian Territories</source>
        <comment>country</comment>
        <translation>Territoires palestiniens</translation>
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
        <translation>Papouasie-Nouvelle-Guinée</translation>
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
        <translation>Pérou</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Philippines</source>
        <comment>country</comment>
        <translation>Philippines</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pitcairn Islands</source>
        <comment>country</comment>
        <translation>Îles Pitcairn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Poland</source>
        <comment>country</comment>
        <translation>Pologne</translation>
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
        <translation>Porto Rico</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qatar</source>
        <comment>country</comment>
        <translation>Qatar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Réunion</source>
        <comment>country</comment>
        <translation>La Réunion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Romania</source>
        <comment>country</comment>
        <translation>Roumanie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Russia</source>
        <comment>country</comment>
        <translation>Russie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rwanda</source>
        <comment>country</comment>
        <translation>Rwanda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Barthélemy</source>
        <comment>country</comment>
        <translation>Saint-Barthélemy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Helena</source>
        <comment>country</comment>
        <translation>Sainte-Hélène</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Kitts and Nevis</source>
        <comment>country</comment>
        <translation>Saint-Christophe-et-Niévès</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>St. Pierre and Miquelon</source>
        <comment>country</comment>
        <translation>Saint-Pierre-et-Miquelon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Vincent and Grenadines</source>
        <comment>country</comment>
        <translation>Saint-Vincent-et-les Grenadines</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>São Tomé and Príncipe</source>
        <comment>country</comment>
        <translation>Sao Tomé-et-Principe</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>South Georgia and South Sandwich Islands</source>
        <comment>country</comment>
        <translation>Géorgie du Sud-et-les Îles Sandwich du Sud</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Svalbard and Jan Mayen</source>
        <comment>country</comment>
        <translation>Svalbard et Jan Mayen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Trinidad and Tobago</source>
        <comment>country</comment>
        <translation>Trinité-et-Tobago</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Turks and Caicos Islands</source>
        <comment>country</comment>
        <translation>Îles Turques-et-Caïques</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Wallis and Futuna</source>
        <comment>country</comment>
        <translation>Wallis-et-Futuna</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>St. Lucia</source>
        <comment>country</comment>
        <translation>Sainte-Lucie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Martin</source>
        <comment>country</comment>
        <translation>Saint-Martin</translation>
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
        <translation>Saint-Marin</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saudi Arabia</source>
        <comment>country</comment>
        <translation>Arabie saoudite</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Senegal</source>
        <comment>country</comment>
        <translation>Sénégal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Serbia</source>
        <comment>country</comment>
        <translation>Serbie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Seychelles</source>
        <comment>country</comment>
        <translation>Seychelles</translation>
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
        <translation>Singapour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sint Maarten</source>
        <comment>country</comment>
        <translation>Saint-Martin (partie néerlandaise)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slovakia</source>
        <comment>country</comment>
        <translation>Slovaquie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slovenia</source>
        <comment>country</comment>
        <translation>Slovénie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Solomon Islands</source>
        <comment>country</comment>
        <translation>Îles Salomon</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Somalia</source>
        <comment>country</comment>
        <translation>Somalie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>South Africa</source>
        <comment>country</comment>
        <translation>Afrique du Sud</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>South Sudan</source>
        <comment>country</comment>
        <translation>Soudan du Sud</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spain</source>
        <comment>country</comment>
        <translation>Espagne</translation>
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
        <translation>Soudan</translation>
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
        <translation>Suède</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Switzerland</source>
        <comment>country</comment>
        <translation>Suisse</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Syria</source>
        <comment>country</comment>
        <translation>Syrie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taiwan</source>
        <comment>country</comment>
        <translation>Taïwan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tajikistan</source>
        <comment>country</comment>
        <translation>Tadjikistan</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tanzania</source>
        <comment>country</comment>
        <translation>Tanzanie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thailand</source>
        <comment>country</comment>
        <translation>Thaïlande</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timor-Leste</source>
        <comment>country</comment>
        <translation>Timor oriental</translation>
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
        <translation>Tunisie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turkey</source>
        <comment>country</comment>
        <translation>Turquie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turkmenistan</source>
        <comment>country</comment>
        <translation>Turkménistan</translation>
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
        <translation>Ouganda</translation>
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
        <translation>Émirats arabes unis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>United Kingdom</source>
        <comment>country</comment>
        <translation>Royaume-Uni</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>U.S. Outlying Islands</source>
        <comment>country</comment>
        <translation>Îles mineures éloignées des États-Unis</translation>
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
        <translation>Ouzbékistan</translation>
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
        <translation>Viêt Nam</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>British Virgin Islands</source>
        <comment>country</comment>
        <translation>Îles Vierges britanniques</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>U.S. Virgin Islands</source>
        <comment>country</comment>
        <translation>Îles Vierges des États-Unis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Western Sahara</source>
        <comment>country</comment>
        <translation>Sahara occidental</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yemen</source>
        <comment>country</comment>
        <translation>Yémen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zambia</source>
        <comment>country</comment>
        <translation>Zambie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zimbabwe</source>
        <comment>country</comment>
        <translation>Zimbabwe</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CredentialProcessProvider</name>
    <message>
        <location filename="../core/aws/credentialprocessprovider.cpp" line="+58"/>
        <source>credential_process of profile %1</source>
        <translation>credential_process du profil %1</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The credential_process of profile %1 failed: %2</source>
        <translation>Le credential_process du profil %1 a échoué&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The credential_process (%1) of profile %2 failed: %3</source>
        <translation>Le credential_process (%1) du profil %2 a échoué&#xa0;: %3</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The credential_process of profile %1 cannot be run: %2</source>
        <translation>Le credential_process du profil %1 ne peut pas être exécuté&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the command is empty.</source>
        <translation>la commande est vide.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>it could not be started (%1).</source>
        <translation>il n’a pas pu être lancé (%1).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source> Its error output: %1</source>
        <translation> Sa sortie d’erreur&#xa0;: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>it did not finish within %n second(s).</source>
        <translation>
            <numerusform>il ne s’est pas terminé en %n seconde.</numerusform>
            <numerusform>il ne s’est pas terminé en %n secondes.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>its output exceeded %1 KiB.</source>
        <translation>sa sortie a dépassé %1 Kio.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it crashed.</source>
        <translation>il a planté.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it exited with code %1.</source>
        <translation>il s’est terminé avec le code %1.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>it returned credentials that expired at %1.</source>
        <translation>il a renvoyé des identifiants expirés depuis %1.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>its output is not a JSON object.</source>
        <translation>sa sortie n’est pas un objet JSON.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>its output has no &quot;Version&quot; (expected 1).</source>
        <translation>sa sortie n’a pas de &quot;Version&quot; (1 attendu).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>its output has an unsupported &quot;Version&quot; (only 1 is supported).</source>
        <translation>sa sortie a une &quot;Version&quot; non prise en charge (seule la 1 l’est).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>its output has no &quot;AccessKeyId&quot; string.</source>
        <translation>sa sortie n’a pas de chaîne &quot;AccessKeyId&quot;.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its output has no &quot;SecretAccessKey&quot; string.</source>
        <translation>sa sortie n’a pas de chaîne &quot;SecretAccessKey&quot;.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its &quot;SessionToken&quot; is not a string.</source>
        <translation>son &quot;SessionToken&quot; n’est pas une chaîne.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its &quot;Expiration&quot; is not a string.</source>
        <translation>son &quot;Expiration&quot; n’est pas une chaîne.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>its &quot;Expiration&quot; is not an ISO 8601 date-time: %1</source>
        <translation>son &quot;Expiration&quot; n’est pas une date-heure ISO 8601&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CsvWriter</name>
    <message>
        <location filename="../core/output/csvwriter.cpp" line="+105"/>
        <source>The CSV output is not open for writing.</source>
        <translation>La sortie CSV n’est pas ouverte en écriture.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not write the CSV output: %1</source>
        <translation>Impossible d’écrire la sortie CSV&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::DetailsLoader</name>
    <message>
        <location filename="../core/model/detailsloader.cpp" line="+68"/>
        <source>Not connected.</source>
        <translation>Non connecté.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::EndpointPolicy</name>
    <message>
        <location filename="../core/http/endpointpolicy.cpp" line="+22"/>
        <source>The endpoint URL &quot;%1&quot; is not a valid URL with a host name.</source>
        <translation>L’URL de point de terminaison «&#xa0;%1&#xa0;» n’est pas une URL valide avec un nom d’hôte.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The endpoint URL &quot;%1&quot; must start with https://.</source>
        <translation>L’URL de point de terminaison «&#xa0;%1&#xa0;» doit commencer par https://.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refusing the plain-HTTP endpoint &quot;%1&quot;: the request and its signature would travel unencrypted. Use https://, or http:// only with a loopback address (127.0.0.1, ::1 or localhost).</source>
        <translation>Le point de terminaison HTTP non chiffré «&#xa0;%1&#xa0;» est refusé&#xa0;: la requête et sa signature circuleraient en clair. Utilisez https://, ou http:// uniquement avec une adresse de bouclage (127.0.0.1,&#xa0;::1 ou localhost).</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Refusing to send plain-HTTP requests for &quot;%1&quot; through the proxy %2: the request and its signature would travel unencrypted. Add the endpoint&apos;s host to NO_PROXY, or use a proxy on this computer.</source>
        <translation>Refus d’envoyer des requêtes HTTP non chiffrées pour «&#xa0;%1&#xa0;» via le proxy %2&#xa0;: la requête et sa signature circuleraient en clair. Ajoutez l’hôte du point de terminaison à NO_PROXY ou utilisez un proxy sur cet ordinateur.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpClient</name>
    <message>
        <location filename="../core/http/httpclient.cpp" line="+244"/>
        <source>The proxy %1 did not answer the tunnel request with HTTP: %2</source>
        <translation>Le proxy %1 n’a pas répondu en HTTP à la demande de tunnel&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The proxy %1 refused the tunnel to %2 with HTTP %3 %4.</source>
        <translation>Le proxy %1 a refusé le tunnel vers %2 avec HTTP %3 %4.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The proxy %1 sent data before the TLS handshake with %2.</source>
        <translation>Le proxy %1 a envoyé des données avant la négociation TLS avec %2.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The proxy %1 answered 407 (Proxy authentication required): it refused the user name and password of the proxy URL.</source>
        <translation>Le proxy %1 a répondu 407 (authentification proxy requise)&#xa0;: il a refusé le nom d’utilisateur et le mot de passe de l’URL du proxy.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The proxy %1 answered 407 (Proxy authentication required): give the proxy URL a user name and password, as http://user:password@host:port.</source>
        <translation>Le proxy %1 a répondu 407 (authentification proxy requise)&#xa0;: indiquez un nom d’utilisateur et un mot de passe dans l’URL du proxy, sous la forme http://utilisateur:mot_de_passe@hôte:port.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The proxy %1 closed the connection instead of opening a tunnel to %2.</source>
        <translation>Le proxy %1 a fermé la connexion au lieu d’ouvrir un tunnel vers %2.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>The TLS handshake with %1 failed: %2</source>
        <translation>La négociation TLS avec %1 a échoué&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not connect to the proxy %1: %2</source>
        <translation>Impossible de se connecter au proxy %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The proxy %1 did not answer the tunnel request within %2 ms.</source>
        <translation>Le proxy %1 n’a pas répondu à la demande de tunnel en %2 ms.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No data arrived for %1 ms; the exchange timed out.</source>
        <translation>Aucune donnée reçue pendant %1 ms&#xa0;; l’échange a expiré.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpReply</name>
    <message>
        <location line="+58"/>
        <source>The request was cancelled.</source>
        <translation>La requête a été annulée.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpResponseParser</name>
    <message>
        <location filename="../core/http/httpresponseparser.cpp" line="+159"/>
        <source>The connection closed without a response.</source>
        <translation>La connexion s’est fermée sans réponse.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The connection closed in the middle of the response header.</source>
        <translation>La connexion s’est fermée au milieu de l’en-tête de la réponse.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connection closed after %1 bytes of the response body.</source>
        <translation>La connexion s’est fermée après %1 octets du corps de la réponse.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A line of the response is longer than %1 KiB.</source>
        <translation>Une ligne de la réponse dépasse %1 Kio.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The response does not start with an HTTP/1.x status line.</source>
        <translation>La réponse ne commence pas par une ligne d’état HTTP/1.x.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The response folds a header field over several lines.</source>
        <translation>La réponse répartit un champ d’en-tête sur plusieurs lignes.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The response has a malformed header field.</source>
        <translation>La réponse contient un champ d’en-tête mal formé.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The server switched protocols, which was not asked for.</source>
        <translation>Le serveur a changé de protocole sans que cela ait été demandé.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The response has an invalid or conflicting Content-Length.</source>
        <translation>La réponse contient un Content-Length non valide ou contradictoire.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The response announces %1 bytes, more than the %2 accepted.</source>
        <translation>La réponse annonce %1 octets, plus que les %2 acceptés.</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>A chunk of the response runs past its size.</source>
        <translation>Un bloc de la réponse dépasse sa taille annoncée.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The response has an invalid chunk size.</source>
        <translation>La réponse contient une taille de bloc non valide.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+13"/>
        <source>The response is larger than the %1 bytes accepted.</source>
        <translation>La réponse dépasse les %1 octets acceptés.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::KeychainCredentialStore</name>
    <message>
        <location filename="../core/aws/keychaincredentialstore.cpp" line="+44"/>
        <source>Nothing is stored in the system keychain under “%1”.</source>
        <translation>Rien n’est enregistré dans le trousseau du système sous «&#xa0;%1&#xa0;».</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No system keychain is available (on Linux, a Secret Service such as GNOME Keyring or KWallet must be running and unlocked).</source>
        <translation>Aucun trousseau système n’est disponible (sous Linux, un Secret Service tel que GNOME Keyring ou KWallet doit être lancé et déverrouillé).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Access to “%1” in the system keychain was denied.</source>
        <translation>L’accès à «&#xa0;%1&#xa0;» dans le trousseau du système a été refusé.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reading “%1” from the system keychain failed.</source>
        <translation>La lecture de «&#xa0;%1&#xa0;» dans le trousseau du système a échoué.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Storing “%1” in the system keychain failed.</source>
        <translation>L’enregistrement de «&#xa0;%1&#xa0;» dans le trousseau du système a échoué.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Removing “%1” from the system keychain failed.</source>
        <translation>La suppression de «&#xa0;%1&#xa0;» du trousseau du système a échoué.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>system keychain</source>
        <translation>trousseau du système</translation>
    </message>
</context>
<context>
    <name>Pd::Core::KeychainCredentialsProvider</name>
    <message>
        <location filename="../core/aws/keychaincredentialsprovider.cpp" line="+21"/>
        <source>PartnerDesk profile %1 (%2)</source>
        <translation>profil PartnerDesk %1 (%2)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>PartnerDesk profile %1 has no access key id.</source>
        <translation>Le profil PartnerDesk %1 n’a pas d’ID de clé d’accès.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The secret access key of PartnerDesk profile %1 is missing from the %2. Enter it again in the profile settings.</source>
        <translation>La clé d’accès secrète du profil PartnerDesk %1 est absente du %2. Saisissez-la à nouveau dans les paramètres du profil.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The secret access key of PartnerDesk profile %1 could not be read: %2</source>
        <translation>Impossible de lire la clé d’accès secrète du profil PartnerDesk %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The session token of PartnerDesk profile %1 could not be read: %2</source>
        <translation>Impossible de lire le jeton de session du profil PartnerDesk %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ListOpportunitiesRequest</name>
    <message>
        <location filename="../core/api/listopportunitiesrequest.cpp" line="+150"/>
        <source>%1 accepts at most %2 values; %3 were given.</source>
        <translation>%1 accepte au plus %2 valeurs&#xa0;; %3 ont été fournies.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+514"/>
        <source>%1 is not a valid %2. Allowed values (exact spelling): %3.</source>
        <translation>%1 n’est pas une valeur valide pour %2. Valeurs autorisées (orthographe exacte)&#xa0;: %3.</translation>
    </message>
    <message>
        <location line="-492"/>
        <source>%1 must lie between the years 0000 and 9999 (UTC).</source>
        <translation>%1 doit être compris entre les années 0000 et 9999 (UTC).</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+26"/>
        <source>%1 (%2) must not be later than %3 (%4).</source>
        <translation>%1 (%2) ne doit pas être postérieur à %3 (%4).</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>%1 is not a valid %2; expected a date as YYYY-MM-DD, e.g. 2026-12-31.</source>
        <translation>%1 n’est pas une valeur valide pour %2&#xa0;; une date au format AAAA-MM-JJ est attendue, par ex. 2026-12-31.</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>%1 must be %2.</source>
        <translation>%1 doit être %2.</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+24"/>
        <source>a string</source>
        <translation>une chaîne</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>a list of strings</source>
        <translation>une liste de chaînes</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>a non-string value</source>
        <translation>une valeur autre qu’une chaîne</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is not a valid %2; expected an RFC 3339 date-time string such as 2026-08-01T00:00:00Z.</source>
        <translation>%1 n’est pas une valeur valide pour %2&#xa0;; une date-heure RFC 3339 est attendue, par ex. 2026-08-01T00:00:00Z.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>an object</source>
        <translation>un objet</translation>
    </message>
    <message>
        <location line="+282"/>
        <source>Catalog is required: use &quot;AWS&quot; for production or &quot;Sandbox&quot; for testing.</source>
        <translation>Catalog est obligatoire&#xa0;: utilisez &quot;AWS&quot; pour la production ou &quot;Sandbox&quot; pour les tests.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is not a valid Catalog; use &quot;AWS&quot; for production or &quot;Sandbox&quot; for testing.</source>
        <translation>%1 n’est pas un Catalog valide&#xa0;; utilisez &quot;AWS&quot; pour la production ou &quot;Sandbox&quot; pour les tests.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 is required: an opportunity identifier, e.g. O1234567.</source>
        <translation>%1 est obligatoire&#xa0;: un identifiant d’opportunité, par ex. O1234567.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>MaxResults must be between %1 and %2; %3 was given.</source>
        <translation>MaxResults doit être compris entre %1 et %2&#xa0;; %3 a été fourni.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 is required when Sort is given. Allowed values: %2.</source>
        <translation>%1 est obligatoire quand Sort est fourni. Valeurs autorisées&#xa0;: %2.</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>%1 is not a valid opportunity identifier; expected &quot;O&quot; followed by 1 to 19 digits, e.g. O1234567.</source>
        <translation>%1 n’est pas un identifiant d’opportunité valide&#xa0;; &quot;O&quot; suivi de 1 à 19 chiffres est attendu, par ex. O1234567.</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>stage</source>
        <translation>étape</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>review status</source>
        <translation>statut de revue</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>The request is not valid JSON: %1 at offset %2.</source>
        <translation>La requête n’est pas du JSON valide&#xa0;: %1 à la position %2.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The request must be a JSON object.</source>
        <translation>La requête doit être un objet JSON.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+11"/>
        <source>a whole number</source>
        <translation>un nombre entier</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>MaxResults must be between %1 and %2.</source>
        <translation>MaxResults doit être compris entre %1 et %2.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ListOpportunitiesResponse</name>
    <message>
        <location filename="../core/api/opportunitysummary.cpp" line="+358"/>
        <source>The response is not a JSON object.</source>
        <translation>La réponse n’est pas un objet JSON.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The response has no OpportunitySummaries list.</source>
        <translation>La réponse n’a pas de liste OpportunitySummaries.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 must be %2.</source>
        <translation>%1 doit être %2.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>a string</source>
        <translation>une chaîne</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a date-time string</source>
        <translation>une chaîne date-heure</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>an object</source>
        <translation>un objet</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>a list</source>
        <translation>une liste</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a list of strings</source>
        <translation>une liste de chaînes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a list of objects</source>
        <translation>une liste d’objets</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>The response is not valid JSON: %1.</source>
        <translation>La réponse n’est pas du JSON valide&#xa0;: %1.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OperationCall</name>
    <message>
        <location filename="../core/api/operationcall.cpp" line="+29"/>
        <source>The client of this call no longer exists.</source>
        <translation>Le client de cet appel n’existe plus.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The request was cancelled.</source>
        <translation>La requête a été annulée.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The service sent a response that could not be read: %1</source>
        <translation>Le service a envoyé une réponse illisible&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityLister</name>
    <message>
        <location filename="../core/api/opportunitylister.cpp" line="+194"/>
        <source>No client to call the service with.</source>
        <translation>Aucun client pour appeler le service.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The listing was cancelled.</source>
        <translation>La liste a été annulée.</translation>
    </message>
    <message>
        <location line="+125"/>
        <source>The service sent the same NextToken twice in a row.</source>
        <translation>Le service a envoyé deux fois de suite le même NextToken.</translation>
    </message>
    <message>
        <location line="+328"/>
        <source>No page of the listing succeeded in %1 s.</source>
        <translation>Aucune page de la liste n’a abouti en %1 s.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityModel</name>
    <message>
        <location filename="../core/model/opportunitymodel.cpp" line="+481"/>
        <source>Title</source>
        <translation>Titre</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Project.Title, from the opportunity&apos;s details</source>
        <translation>Project.Title, issu des détails de l’opportunité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first member of the opportunity team, from its details</source>
        <translation>Le premier membre de l’équipe de l’opportunité, issu de ses détails</translation>
    </message>
    <message>
        <location line="+224"/>
        <source>The service sent a response that could not be read: %1</source>
        <translation>Le service a envoyé une réponse illisible&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityStoreDb</name>
    <message>
        <location filename="../core/store/opportunitystoredb.cpp" line="+361"/>
        <source>A sync is running on %1 (%2); the local copy was not deleted.</source>
        <translation>Une synchronisation est en cours sur %1 (%2)&#xa0;; la copie locale n’a pas été supprimée.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Could not delete %1: %2</source>
        <translation>Impossible de supprimer %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Could not create the folder %1 for the local copy.</source>
        <translation>Impossible de créer le dossier %1 de la copie locale.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>There is no local copy at %1: run partnerdesk-cli sync first.</source>
        <translation>Il n’y a pas de copie locale dans %1&#xa0;: lancez d’abord partnerdesk-cli sync.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>it is not an SQLite database</source>
        <translation>ce n’est pas une base de données SQLite</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not open the local copy %1: %2</source>
        <translation>Impossible d’ouvrir la copie locale %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>it needs an update, and its folder is read-only</source>
        <translation>elle doit être mise à jour et son dossier est en lecture seule</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The local copy %1 is unusable (%2) and could not be renamed aside.</source>
        <translation>La copie locale %1 est inutilisable (%2) et n’a pas pu être renommée pour être mise de côté.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The local copy %1 was unusable (%2). It was renamed to %3 and a new local copy is built.</source>
        <translation>La copie locale %1 était inutilisable (%2). Elle a été renommée en %3 et une nouvelle copie locale est créée.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Could not prepare the local copy %1: %2</source>
        <translation>Impossible de préparer la copie locale %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>it was written by a newer PartnerDesk (schema %1; this one knows %2)</source>
        <translation>elle a été écrite par une version plus récente de PartnerDesk (schéma %1&#xa0;; celle-ci connaît %2)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>it is not a PartnerDesk local copy</source>
        <translation>ce n’est pas une copie locale de PartnerDesk</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>The local copy %1 is empty and its folder is read-only.</source>
        <translation>La copie locale %1 est vide et son dossier est en lecture seule.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>record whose data it holds</source>
        <translation>noter à qui appartiennent ses données</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The local copy %1 holds catalog %2 of %3 at %4, not catalog %5 of %6 at %7; give another --store file.</source>
        <translation>La copie locale %1 contient le catalogue %2 de %3 sur %4, et non le catalogue %5 de %6 sur %7&#xa0;; indiquez un autre fichier --store.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>the disk is full</source>
        <translation>le disque est plein</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the file or its folder is read-only</source>
        <translation>le fichier ou son dossier est en lecture seule</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a disk error (%1); the disk may be full</source>
        <translation>une erreur de disque (%1)&#xa0;; le disque est peut-être plein</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not %1 in the local copy %2: %3. What it held before stays readable.</source>
        <translation>Impossible de %1 dans la copie locale %2&#xa0;: %3. Ce qu’elle contenait auparavant reste lisible.</translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+17"/>
        <location line="+15"/>
        <location line="+91"/>
        <location line="+15"/>
        <source>read the opportunities</source>
        <translation>lire les opportunités</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+8"/>
        <location line="+8"/>
        <location line="+15"/>
        <source>record what was seen</source>
        <translation>noter ce qui a été vu</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Could not sync the local copy %1: the file or its folder is read-only. What it held before stays readable.</source>
        <translation>Impossible de synchroniser la copie locale %1&#xa0;: le fichier ou son dossier est en lecture seule. Ce qu’elle contenait auparavant reste lisible.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+7"/>
        <location line="+7"/>
        <location line="+4"/>
        <location line="+8"/>
        <source>begin a sync</source>
        <translation>commencer une synchronisation</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>store a page of opportunities</source>
        <translation>stocker une page d’opportunités</translation>
    </message>
    <message>
        <location line="+185"/>
        <source>mark removed opportunities</source>
        <translation>marquer les opportunités supprimées</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>end the sync</source>
        <translation>terminer la synchronisation</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>record the end of a sync</source>
        <translation>noter la fin d’une synchronisation</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>this program</source>
        <translation>ce programme</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>process %1 on %2</source>
        <translation>le processus %1 sur %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the lock file cannot be created: the folder is read-only</source>
        <translation>le fichier de verrou ne peut pas être créé&#xa0;: le dossier est en lecture seule</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>another process</source>
        <translation>un autre processus</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>keep the details of an opportunity</source>
        <translation>conserver les détails d’une opportunité</translation>
    </message>
    <message>
        <location line="+78"/>
        <location line="+14"/>
        <source>read the kept details</source>
        <translation>lire les détails conservés</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+8"/>
        <source>count a read request</source>
        <translation>compter une requête de lecture</translation>
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
        <translation>Prospection</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qualified</source>
        <comment>stage</comment>
        <translation>Qualifiée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Technical Validation</source>
        <comment>stage</comment>
        <translation>Validation technique</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Business Validation</source>
        <comment>stage</comment>
        <translation>Validation commerciale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Committed</source>
        <comment>stage</comment>
        <translation>Engagée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Launched</source>
        <comment>stage</comment>
        <translation>Lancée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed Lost</source>
        <comment>stage</comment>
        <translation>Perdue</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pending Submission</source>
        <comment>review status</comment>
        <translation>En attente de soumission</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Submitted</source>
        <comment>review status</comment>
        <translation>Soumise</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In Review</source>
        <comment>review status</comment>
        <translation>En cours de revue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <comment>review status</comment>
        <translation>Approuvée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <comment>review status</comment>
        <translation>Rejetée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Action Required</source>
        <comment>review status</comment>
        <translation>Action requise</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Net New Business</source>
        <comment>opportunity type</comment>
        <translation>Nouvelle affaire</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Flat Renewal</source>
        <comment>opportunity type</comment>
        <translation>Renouvellement à l’identique</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expansion</source>
        <comment>opportunity type</comment>
        <translation>Extension</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Customer Deficiency</source>
        <comment>closed lost reason</comment>
        <translation>Manque côté client</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delay / Cancellation of Project</source>
        <comment>closed lost reason</comment>
        <translation>Report / annulation du projet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Legal / Tax / Regulatory</source>
        <comment>closed lost reason</comment>
        <translation>Juridique / fiscal / réglementaire</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Google</source>
        <comment>closed lost reason</comment>
        <translation>Perdue face à un concurrent – Google</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Microsoft</source>
        <comment>closed lost reason</comment>
        <translation>Perdue face à un concurrent – Microsoft</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - SoftLayer</source>
        <comment>closed lost reason</comment>
        <translation>Perdue face à un concurrent – SoftLayer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - VMware</source>
        <comment>closed lost reason</comment>
        <translation>Perdue face à un concurrent – VMware</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Other</source>
        <comment>closed lost reason</comment>
        <translation>Perdue face à un concurrent – Autre</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No Opportunity</source>
        <comment>closed lost reason</comment>
        <translation>Pas d’opportunité</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On-Premises Deployment</source>
        <comment>closed lost reason</comment>
        <translation>Déploiement sur site</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Partner Gap</source>
        <comment>closed lost reason</comment>
        <translation>Lacune du partenaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <comment>closed lost reason</comment>
        <translation>Prix</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Security / Compliance</source>
        <comment>closed lost reason</comment>
        <translation>Sécurité / conformité</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Technical Limitations</source>
        <comment>closed lost reason</comment>
        <translation>Limites techniques</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer Experience</source>
        <comment>closed lost reason</comment>
        <translation>Expérience client</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other</source>
        <comment>closed lost reason</comment>
        <translation>Autre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>People, Relationship, Governance</source>
        <comment>closed lost reason</comment>
        <translation>Personnes, relation, gouvernance</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Product, Technology</source>
        <comment>closed lost reason</comment>
        <translation>Produit, technologie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Financial, Commercial</source>
        <comment>closed lost reason</comment>
        <translation>Financier, commercial</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Aerospace</source>
        <comment>industry</comment>
        <translation>Aérospatiale</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agriculture</source>
        <comment>industry</comment>
        <translation>Agriculture</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automotive</source>
        <comment>industry</comment>
        <translation>Automobile</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Computers and Electronics</source>
        <comment>industry</comment>
        <translation>Informatique et électronique</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Consumer Goods</source>
        <comment>industry</comment>
        <translation>Biens de consommation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Education</source>
        <comment>industry</comment>
        <translation>Éducation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Energy - Oil and Gas</source>
        <comment>industry</comment>
        <translation>Énergie – pétrole et gaz</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Energy - Power and Utilities</source>
        <comment>industry</comment>
        <translation>Énergie – électricité et services publics</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Financial Services</source>
        <comment>industry</comment>
        <translation>Services financiers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gaming</source>
        <comment>industry</comment>
        <translation>Jeux vidéo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Government</source>
        <comment>industry</comment>
        <translation>Secteur public</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Healthcare</source>
        <comment>industry</comment>
        <translation>Santé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hospitality</source>
        <comment>industry</comment>
        <translation>Hôtellerie et restauration</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Life Sciences</source>
        <comment>industry</comment>
        <translation>Sciences de la vie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Manufacturing</source>
        <comment>industry</comment>
        <translation>Industrie manufacturière</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Marketing and Advertising</source>
        <comment>industry</comment>
        <translation>Marketing et publicité</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Media and Entertainment</source>
        <comment>industry</comment>
        <translation>Médias et divertissement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mining</source>
        <comment>industry</comment>
        <translation>Industrie minière</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Non-Profit Organization</source>
        <comment>industry</comment>
        <translation>Organisation à but non lucratif</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Professional Services</source>
        <comment>industry</comment>
        <translation>Services professionnels</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Real Estate and Construction</source>
        <comment>industry</comment>
        <translation>Immobilier et construction</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retail</source>
        <comment>industry</comment>
        <translation>Commerce de détail</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Software and Internet</source>
        <comment>industry</comment>
        <translation>Logiciels et Internet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Telecommunications</source>
        <comment>industry</comment>
        <translation>Télécommunications</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transportation and Logistics</source>
        <comment>industry</comment>
        <translation>Transport et logistique</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Travel</source>
        <comment>industry</comment>
        <translation>Voyages</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wholesale and Distribution</source>
        <comment>industry</comment>
        <translation>Commerce de gros et distribution</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <comment>industry</comment>
        <translation>Autre</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SaaS or PaaS</source>
        <comment>delivery model</comment>
        <translation>SaaS ou PaaS</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>BYOL or AMI</source>
        <comment>delivery model</comment>
        <translation>BYOL ou AMI</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Managed Services</source>
        <comment>delivery model</comment>
        <translation>Services gérés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Professional Services</source>
        <comment>delivery model</comment>
        <translation>Services professionnels</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resell</source>
        <comment>delivery model</comment>
        <translation>Revente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <comment>delivery model</comment>
        <translation>Autre</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>monthly</source>
        <comment>spend frequency</comment>
        <translation>par mois</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>one-time</source>
        <comment>spend frequency</comment>
        <translation>ponctuel</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last modified</source>
        <comment>sort key</comment>
        <translation>Dernière modification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <comment>sort key</comment>
        <translation>Création</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Identifier</source>
        <comment>sort key</comment>
        <translation>Identifiant</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Company name</source>
        <comment>sort key</comment>
        <translation>Nom de l’entreprise</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target close date</source>
        <comment>sort key</comment>
        <translation>Date de clôture prévue</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ascending</source>
        <comment>sort order</comment>
        <translation>Croissant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Descending</source>
        <comment>sort order</comment>
        <translation>Décroissant</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ARN</source>
        <translation>ARN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partner CRM ID</source>
        <translation>ID CRM du partenaire</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Created</source>
        <translation>Création</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last modified</source>
        <translation>Dernière modification</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review status</source>
        <translation>Statut de revue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review status reason</source>
        <translation>Motif du statut de revue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review comments</source>
        <translation>Commentaires de revue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next steps</source>
        <translation>Prochaines étapes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target close</source>
        <translation>Clôture prévue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closed lost reason</source>
        <translation>Motif de perte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Company</source>
        <translation>Entreprise</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Industry</source>
        <translation>Secteur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other industry</source>
        <translation>Autre secteur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Website</source>
        <translation>Site web</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>City</source>
        <translation>Ville</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Postal code</source>
        <translation>Code postal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State or region</source>
        <translation>État ou région</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Country</source>
        <translation>Pays</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delivery models</source>
        <translation>Modèles de livraison</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expected spend</source>
        <translation>Dépenses prévues</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contract duration</source>
        <translation>Durée du contrat</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Duration unit</source>
        <translation>Unité de durée</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>months</source>
        <comment>contract duration unit</comment>
        <translation>mois</translation>
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
            <numerusform>%n mois</numerusform>
            <numerusform>%n mois</numerusform>
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
        <translation>Le nom du profil est vide.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>The profile name is longer than %n character(s).</source>
        <translation>
            <numerusform>Le nom du profil dépasse %n caractère.</numerusform>
            <numerusform>Le nom du profil dépasse %n caractères.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The profile name starts or ends with a space.</source>
        <translation>Le nom du profil commence ou se termine par une espace.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The profile name may not contain “/”, “\” or control characters.</source>
        <translation>Le nom du profil ne doit contenir ni «&#xa0;/&#xa0;», ni «&#xa0;\&#xa0;», ni caractères de contrôle.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Profile %1 needs an access key id and a secret access key.</source>
        <translation>Le profil %1 a besoin d’un ID de clé d’accès et d’une clé d’accès secrète.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No credential store is available.</source>
        <translation>Aucun magasin d’identifiants n’est disponible.</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+10"/>
        <source>Profile %1 was not saved: %2</source>
        <translation>Le profil %1 n’a pas été enregistré&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Profile %1 could not be written to %2.</source>
        <translation>Impossible d’écrire le profil %1 dans %2.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>There is no PartnerDesk profile named %1.</source>
        <translation>Il n’existe pas de profil PartnerDesk nommé %1.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Profile %1 was removed, but its secrets may remain in the keychain: %2</source>
        <translation>Le profil %1 a été supprimé, mais ses secrets sont peut-être encore dans le trousseau&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::PipelineReportOutput</name>
    <message>
        <location filename="../core/output/pipelinereportoutput.cpp" line="+34"/>
        <source>Could not write the output: %1</source>
        <translation>Impossible d’écrire la sortie&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ProxyServer</name>
    <message>
        <location filename="../core/http/proxysettings.cpp" line="+38"/>
        <source>The proxy URL “%1” is not valid: %2</source>
        <translation>L’URL du proxy «&#xa0;%1&#xa0;» n’est pas valide&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it is empty.</source>
        <translation>elle est vide.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>only http:// proxies are supported, not %1://. Requests to https endpoints travel encrypted through an http:// proxy.</source>
        <translation>seuls les proxys http:// sont pris en charge, pas %1://. Les requêtes vers des points de terminaison https circulent chiffrées à travers un proxy http://.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>expected http://[user:password@]host[:port].</source>
        <translation>la forme attendue est http://[utilisateur:mot_de_passe@]hôte[:port].</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a proxy URL has no path, query or fragment.</source>
        <translation>une URL de proxy n’a ni chemin, ni requête, ni fragment.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the port must be between 1 and 65535.</source>
        <translation>le port doit être compris entre 1 et 65535.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ProxySettings</name>
    <message>
        <location line="+67"/>
        <source>%1 (The proxy came from %2.)</source>
        <translation>%1 (Le proxy provient de %2.)</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ReadBudget</name>
    <message>
        <location filename="../core/store/readbudget.cpp" line="+165"/>
        <source>Reads in 24 h: %1 / %2</source>
        <translation>Lectures sur 24 h&#xa0;: %1 / %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No read requests in the last 24 hours.</source>
        <translation>Aucune requête de lecture au cours des dernières 24 heures.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read requests in the last 24 hours, counted by PartnerDesk (the quota is %1 a day, shared by every read):</source>
        <translation>Requêtes de lecture des dernières 24 heures, comptées par PartnerDesk (le quota est de %1 par jour, partagé par toutes les lectures)&#xa0;:</translation>
    </message>
</context>
<context>
    <name>Pd::Core::SavedView</name>
    <message>
        <location filename="../core/model/savedview.cpp" line="+69"/>
        <source>&quot;%1&quot; must be a string.</source>
        <translation>&quot;%1&quot; doit être une chaîne.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&quot;localFilter&quot; must be an object.</source>
        <translation>&quot;localFilter&quot; doit être un objet.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&quot;localFilter&quot;: unknown kind &quot;%1&quot;.</source>
        <translation>&quot;localFilter&quot;&#xa0;: type &quot;%1&quot; inconnu.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&quot;localFilter&quot;: unknown attention view &quot;%1&quot;.</source>
        <translation>&quot;localFilter&quot;&#xa0;: vue d’alerte &quot;%1&quot; inconnue.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>A view needs a name (&quot;name&quot;, a non-empty string).</source>
        <translation>Une vue doit avoir un nom (&quot;name&quot;, une chaîne non vide).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>View &quot;%1&quot;: %2</source>
        <translation>Vue «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&quot;filters&quot; must be an object of ListOpportunities members.</source>
        <translation>&quot;filters&quot; doit être un objet de membres de ListOpportunities.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>filters.%1: %2</source>
        <translation>filters.%1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+4"/>
        <source>&quot;columns&quot; must be a list of column names.</source>
        <translation>&quot;columns&quot; doit être une liste de noms de colonnes.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&quot;sort&quot; must be {&quot;column&quot;: name, &quot;order&quot;: &quot;ascending&quot; or &quot;descending&quot;}.</source>
        <translation>&quot;sort&quot; doit être {&quot;column&quot;: nom, &quot;order&quot;: &quot;ascending&quot; ou &quot;descending&quot;}.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Not valid JSON: %1 at offset %2.</source>
        <translation>JSON non valide&#xa0;: %1 à la position %2.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not a PartnerDesk view file: a JSON object is expected.</source>
        <translation>Ce n’est pas un fichier de vue PartnerDesk&#xa0;: un objet JSON est attendu.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not a PartnerDesk view file: &quot;version&quot; must be a positive whole number.</source>
        <translation>Ce n’est pas un fichier de vue PartnerDesk&#xa0;: &quot;version&quot; doit être un entier positif.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file is from a newer PartnerDesk (format version %1); this version reads format version %2.</source>
        <translation>Le fichier provient d’une version plus récente de PartnerDesk (version de format %1)&#xa0;; cette version lit la version de format %2.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Not a PartnerDesk view file: &quot;view&quot; must be an object.</source>
        <translation>Ce n’est pas un fichier de vue PartnerDesk&#xa0;: &quot;view&quot; doit être un objet.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::SavedViews</name>
    <message>
        <location line="+20"/>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+10"/>
        <source>%1: %2</source>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>%1: &quot;views&quot; must be a list.</source>
        <translation>%1&#xa0;: &quot;views&quot; doit être une liste.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d’écrire %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ShapeJson::ShapeReader</name>
    <message>
        <location filename="../core/api/shapereader.cpp" line="+20"/>
        <source>%1 must be %2.</source>
        <translation>%1 doit être %2.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>a string</source>
        <translation>une chaîne</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>a whole number</source>
        <translation>un nombre entier</translation>
    </message>
    <message>
        <location line="+7"/>
        <location filename="../core/api/shapereader.h" line="+97"/>
        <source>an object</source>
        <translation>un objet</translation>
    </message>
    <message>
        <location filename="../core/api/shapereader.h" line="-67"/>
        <source>The response is not a JSON object.</source>
        <translation>La réponse n’est pas un objet JSON.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>a list</source>
        <translation>une liste</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>The response is not valid JSON: %1.</source>
        <translation>La réponse n’est pas du JSON valide&#xa0;: %1.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ShellWords</name>
    <message>
        <location filename="../core/util/shellwords.cpp" line="+45"/>
        <source>The command line ends with a lone backslash.</source>
        <translation>La ligne de commande se termine par une barre oblique inverse isolée.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The command line has an unterminated %1 quote.</source>
        <translation>La ligne de commande contient un guillemet %1 non fermé.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::StaticCredentialsProvider</name>
    <message>
        <location filename="../core/aws/credentialsprovider.cpp" line="+11"/>
        <source>No access key is configured (%1).</source>
        <translation>Aucune clé d’accès n’est configurée (%1).</translation>
    </message>
</context>
<context>
    <name>Pd::Core::StoreSync</name>
    <message>
        <location filename="../core/store/storesync.cpp" line="+116"/>
        <source>The local copy is not open.</source>
        <translation>La copie locale n’est pas ouverte.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No client to call the service with.</source>
        <translation>Aucun client pour appeler le service.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A sync of this local copy is running (%1); try again when it has finished.</source>
        <translation>Une synchronisation de cette copie locale est en cours (%1)&#xa0;; réessayez quand elle sera terminée.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Could not open the local copy %1 for writing.</source>
        <translation>Impossible d’ouvrir la copie locale %1 en écriture.</translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+82"/>
        <source>The sync was cancelled.</source>
        <translation>La synchronisation a été annulée.</translation>
    </message>
</context>
<context>
    <name>Pd::Emulator::EmulatorServer</name>
    <message>
        <location filename="../emulator/emulatorserver.cpp" line="+90"/>
        <source>The emulator is already running.</source>
        <translation>L’émulateur est déjà en cours d’exécution.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Counts, fault intervals, latency and rate limit must not be negative.</source>
        <translation>Les nombres, les intervalles de pannes, la latence et la limite de débit ne doivent pas être négatifs.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The bulk percentage must be between 0 and 100.</source>
        <translation>Le pourcentage de modifications en masse doit être compris entre 0 et 100.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The throttling status must be 400 or 429.</source>
        <translation>Le statut de limitation doit être 400 ou 429.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The access key and the region must not be empty.</source>
        <translation>La clé d’accès et la région ne doivent pas être vides.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Cannot write the log file %1: %2</source>
        <translation>Impossible d’écrire le fichier journal %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot listen on 127.0.0.1:%1: %2</source>
        <translation>Impossible d’écouter sur 127.0.0.1:%1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Cannot read the data file %1: %2</source>
        <translation>Impossible de lire le fichier de données %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The data file %1 is not a valid ListOpportunities response: %2</source>
        <translation>Le fichier de données %1 n’est pas une réponse ListOpportunities valide&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Emulator::EmulatorThread</name>
    <message>
        <location filename="../emulator/emulatorthread.cpp" line="+22"/>
        <source>The emulator is already running.</source>
        <translation>L’émulateur est déjà en cours d’exécution.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::AboutDialog</name>
    <message>
        <location filename="../ui/aboutdialog.cpp" line="+19"/>
        <location line="+33"/>
        <source>About PartnerDesk</source>
        <translation>À propos de PartnerDesk</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Browse, filter, inspect and export AWS Partner Central opportunities.</source>
        <translation>Parcourir, filtrer, consulter et exporter les opportunités AWS Partner Central.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Built with Qt %1, running on Qt %2.</source>
        <translation>Compilé avec Qt %1, exécuté avec Qt %2.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Libraries and their licenses</source>
        <translation>Bibliothèques et leurs licences</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Qt: GNU Lesser General Public License v3.0 (LGPL-3.0)</source>
        <translation>Qt&#xa0;: GNU Lesser General Public License v3.0 (LGPL-3.0)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QtKeychain: BSD 3-Clause License</source>
        <translation>QtKeychain&#xa0;: licence BSD à 3 clauses</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>simdjson: Apache License 2.0</source>
        <translation>simdjson&#xa0;: licence Apache 2.0</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PartnerDesk is not affiliated with Amazon Web Services. AWS and AWS Partner Central are trademarks of Amazon.com, Inc. or its affiliates.</source>
        <translation>PartnerDesk n’est pas affilié à Amazon Web Services. AWS et AWS Partner Central sont des marques d’Amazon.com, Inc. ou de ses sociétés affiliées.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
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
            <numerusform>%1 Parmi les lignes chargées&#xa0;: %n.</numerusform>
            <numerusform>%1 Parmi les lignes chargées&#xa0;: %n.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep a local copy (Settings › Local Copy…) to see what changed since you last looked.</source>
        <translation>Conservez une copie locale (Paramètres › Copie locale…) pour voir ce qui a changé depuis votre dernière consultation.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1: %n opportunities</source>
        <translation>
            <numerusform>%1&#xa0;: %n opportunité</numerusform>
            <numerusform>%1&#xa0;: %n opportunités</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ChangesView</name>
    <message>
        <location filename="../ui/changesview.cpp" line="+57"/>
        <source>Since I last looked</source>
        <translation>Depuis ma dernière consultation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last sync</source>
        <translation>Dernière synchronisation</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Last %n syncs</source>
        <translation>
            <numerusform>%n dernière synchronisation</numerusform>
            <numerusform>%n dernières synchronisations</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which changes to show</source>
        <translation>Modifications à afficher</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Mark All as Seen</source>
        <translation>Tout marquer comme &amp;vu</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Changed opportunities and their fields</source>
        <translation>Opportunités modifiées et leurs champs</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity</source>
        <translation>Opportunité</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change</source>
        <translation>Modification</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Synced</source>
        <translation>Synchronisé</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>No local copy: changes are recorded when PartnerDesk keeps a local copy (Settings › Local Copy…).</source>
        <translation>Pas de copie locale&#xa0;: les modifications sont enregistrées quand PartnerDesk conserve une copie locale (Paramètres › Copie locale…).</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No changes.</source>
        <translation>Aucune modification.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n changes, newest first.</source>
        <translation>
            <numerusform>%n modification, la plus récente en premier.</numerusform>
            <numerusform>%n modifications, les plus récentes en premier.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1: %2 → %3</source>
        <translation>%1&#xa0;: %2 → %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>new</source>
        <translation>nouvelle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>changed</source>
        <translation>modifiée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>removed</source>
        <translation>supprimée</translation>
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
        <translation>Impossible d’écrire %1&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ConnectionDialog</name>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="+30"/>
        <source>Connection</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Credentials</source>
        <translation>Identifiants</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Automatic, like the AWS CLI</source>
        <translation>&amp;Automatique, comme l’AWS CLI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Environment variables, then AWS_PROFILE, then the &quot;default&quot; profile.</source>
        <translation>Variables d’environnement, puis AWS_PROFILE, puis le profil &quot;default&quot;.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AWS CLI &amp;profile</source>
        <translation>&amp;Profil AWS CLI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partner&amp;Desk profile</source>
        <translation>Profil Partner&amp;Desk</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>AWS CLI profile</source>
        <translation>Profil AWS CLI</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Profiles in %1 and %2</source>
        <translation>Profils dans %1 et %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PartnerDesk profile</source>
        <translation>Profil PartnerDesk</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Service</source>
        <translation>Service</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From the profile, else us-east-1</source>
        <translation>Celle du profil, sinon us-east-1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Region</source>
        <translation>Région</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The region&apos;s standard endpoint</source>
        <translation>Le point de terminaison standard de la région</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Endpoint URL</source>
        <translation>URL du point de terminaison</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Region</source>
        <translation>&amp;Région</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Endpoint URL</source>
        <translation>URL du point de &amp;terminaison</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ystem proxy settings</source>
        <translation>Paramètres proxy du s&amp;ystème</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTPS_PROXY, HTTP_PROXY and NO_PROXY when set, as the AWS CLI reads them; otherwise the desktop&apos;s proxy settings.</source>
        <translation>HTTPS_PROXY, HTTP_PROXY et NO_PROXY s’ils sont définis, comme les lit l’AWS CLI&#xa0;; sinon les paramètres proxy du bureau.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;No proxy</source>
        <translation>Aucu&amp;n proxy</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Manual proxy:</source>
        <translation>Proxy &amp;manuel&#xa0;:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>http://user:password@proxy.example.com:3128</source>
        <translation>http://utilisateur:mot_de_passe@proxy.example.com:3128</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proxy URL</source>
        <translation>URL du proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A password in the proxy URL is kept in the system keychain, not in the settings, and is not shown again.</source>
        <translation>Un mot de passe dans l’URL du proxy est conservé dans le trousseau du système, pas dans les paramètres, et n’est plus affiché.</translation>
    </message>
    <message>
        <location line="+153"/>
        <source>Through the proxy %1 (from %2).</source>
        <translation>Via le proxy %1 (issu de %2).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Directly, without a proxy.</source>
        <translation>Directement, sans proxy.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connects to %1 (region %2) with credentials from %3.</source>
        <translation>Se connecte à %1 (région %2) avec les identifiants de&#xa0;: %3.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DateRangeEdit</name>
    <message>
        <location filename="../ui/daterangeedit.cpp" line="+47"/>
        <source>After</source>
        <comment>date filter bound</comment>
        <translation>Après</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before</source>
        <comment>date filter bound</comment>
        <translation>Avant</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: use the After bound</source>
        <translation>%1&#xa0;: utiliser la borne «&#xa0;Après&#xa0;»</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: use the Before bound</source>
        <translation>%1&#xa0;: utiliser la borne «&#xa0;Avant&#xa0;»</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 after</source>
        <translation>%1 après</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 before</source>
        <translation>%1 avant</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>“After” must not be later than “Before”.</source>
        <translation>«&#xa0;Après&#xa0;» ne doit pas être postérieur à «&#xa0;Avant&#xa0;».</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailPane</name>
    <message>
        <location filename="../ui/detailpane.cpp" line="+71"/>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+107"/>
        <source>Opportunity details</source>
        <translation>Détails de l’opportunité</translation>
    </message>
    <message>
        <location line="-105"/>
        <source>Select an opportunity to see all its details here.</source>
        <translation>Sélectionnez une opportunité pour en voir ici tous les détails.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Opportunity</source>
        <translation>Opportunité</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity id</source>
        <translation>ID de l’opportunité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the opportunity id</source>
        <translation>Copier l’ID de l’opportunité</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity ARN</source>
        <translation>ARN de l’opportunité</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the ARN</source>
        <translation>Copier l’ARN</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ARN</source>
        <translation>ARN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partner CRM ID</source>
        <translation>ID CRM du partenaire</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>Type</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>Création</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last modified</source>
        <translation>Dernière modification</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lifecycle</source>
        <translation>Cycle de vie</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review status</source>
        <translation>Statut de revue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review comments</source>
        <translation>Commentaires de revue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review status reason</source>
        <translation>Motif du statut de revue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next steps</source>
        <translation>Prochaines étapes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target close</source>
        <translation>Clôture prévue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed lost reason</source>
        <translation>Motif de perte</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer</source>
        <translation>Client</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company</source>
        <translation>Entreprise</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Industry</source>
        <translation>Secteur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Website</source>
        <translation>Site web</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Project</source>
        <translation>Projet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivery models</source>
        <translation>Modèles de livraison</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected spend</source>
        <translation>Dépenses prévues</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contract duration</source>
        <translation>Durée du contrat</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>History (local copy)</source>
        <translation>Historique (copie locale)</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>AWS (production)</source>
        <translation>AWS (production)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sandbox (testing)</source>
        <translation>Sandbox (test)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 (overdue)</source>
        <translation>%1 (en retard)</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1: %2</source>
        <comment>industry, other industry</comment>
        <translation>%1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>estimate</source>
        <translation>estimation</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailSections</name>
    <message>
        <location filename="../ui/detailsections.cpp" line="+93"/>
        <source>Project details</source>
        <translation>Détails du projet</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Customer business problem</source>
        <translation>Problème métier du client</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use case</source>
        <translation>Cas d’usage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales activities</source>
        <translation>Activités commerciales</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Competitors</source>
        <translation>Concurrents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>APN programs</source>
        <translation>Programmes APN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS products</source>
        <translation>Produits AWS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Solutions</source>
        <translation>Solutions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing</source>
        <translation>Marketing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Software revenue</source>
        <translation>Revenus logiciels</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>People</source>
        <translation>Personnes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer contacts</source>
        <translation>Contacts client</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunity team</source>
        <translation>Équipe de l’opportunité</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next steps history</source>
        <translation>Historique des prochaines étapes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Timeline</source>
        <translation>Chronologie</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AWS side</source>
        <translation>Côté AWS</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Engagement score</source>
        <translation>Score d’engagement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next best actions</source>
        <translation>Prochaines actions recommandées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Involvement type</source>
        <translation>Type d’implication</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS stage</source>
        <translation>Étape AWS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS team</source>
        <translation>Équipe AWS</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Loading the details…</source>
        <translation>Chargement des détails…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading AWS&apos;s view…</source>
        <translation>Chargement de la vue d’AWS…</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Waiting for the read quota (%n s)…</source>
        <translation>
            <numerusform>En attente du quota de lecture (%n s)…</numerusform>
            <numerusform>En attente du quota de lecture (%n s)…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Not allowed: %1 needs the IAM permission partnercentral:%1. Browsing and the table are not affected.</source>
        <translation>Non autorisé&#xa0;: %1 nécessite l’autorisation IAM partnercentral:%1. La navigation et le tableau ne sont pas concernés.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not load (%1): %2</source>
        <translation>Chargement impossible (%1)&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Source: %1</source>
        <translation>Source&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Campaign: %1</source>
        <translation>Campagne&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Channels: %1</source>
        <translation>Canaux&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use cases: %1</source>
        <translation>Cas d’usage&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>AWS funding used: %1</source>
        <translation>Financement AWS utilisé&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 to %2</source>
        <translation>du %1 au %2</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>No AWS summary yet.</source>
        <translation>Pas encore de synthèse AWS.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailsEnrichment</name>
    <message>
        <location filename="../ui/detailsenrichment.cpp" line="+64"/>
        <source>Read requests in the last 24 hours</source>
        <translation>Requêtes de lecture des dernières 24 heures</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Titles and owners cannot be filled in: %1</source>
        <translation>Impossible de compléter les titres et responsables&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Titles and owners paused: their share of the daily read quota (%1 %) is spent.</source>
        <translation>Titres et responsables en pause&#xa0;: leur part du quota de lecture quotidien (%1&#xa0;%) est épuisée.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ErrorBanner</name>
    <message>
        <location filename="../ui/errorbanner.cpp" line="+18"/>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Retr&amp;y</source>
        <translation>Réessa&amp;yer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry the failed request</source>
        <translation>Relancer la requête qui a échoué</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Connection…</source>
        <translation>Co&amp;nnexion…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the connection settings</source>
        <translation>Ouvrir les paramètres de connexion</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dismiss</source>
        <translation>Masquer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dismiss the error</source>
        <translation>Masquer l’erreur</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 (HTTP %2)</source>
        <translation>%1 (HTTP %2)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The filters are not valid</source>
        <translation>Les filtres ne sont pas valides</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection settings problem</source>
        <translation>Problème dans les paramètres de connexion</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network error</source>
        <translation>Erreur réseau</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service did not answer in time</source>
        <translation>Le service n’a pas répondu à temps</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unexpected response from the service</source>
        <translation>Réponse inattendue du service</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled</source>
        <translation>Annulé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTP error %1</source>
        <translation>Erreur HTTP %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request failed</source>
        <translation>Échec de la requête</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your IAM identity needs the action partnercentral:ListOpportunities for this catalog.</source>
        <translation>Votre identité IAM a besoin de l’action partnercentral:ListOpportunities pour ce catalogue.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check the access key, the secret key and the system clock, or choose another profile under Connection.</source>
        <translation>Vérifiez la clé d’accès, la clé secrète et l’horloge du système, ou choisissez un autre profil dans «&#xa0;Connexion&#xa0;».</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The account&apos;s read quota (10 requests per second, 100,000 per day) is used up. Retry in a moment.</source>
        <translation>Le quota de lecture du compte (10 requêtes par seconde, 100 000 par jour) est épuisé. Réessayez dans un instant.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check the network connection and the endpoint, then retry.</source>
        <translation>Vérifiez la connexion réseau et le point de terminaison, puis réessayez.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The problems are also shown next to the filters.</source>
        <translation>Les problèmes sont aussi indiqués à côté des filtres.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a profile, region or endpoint under Settings › Connection.</source>
        <translation>Choisissez un profil, une région ou un point de terminaison dans Paramètres › Connexion.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>• %1: %2</source>
        <translation>• %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The rows loaded so far (%1) are kept.</source>
        <translation>Les lignes déjà chargées (%1) sont conservées.</translation>
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
        <translation>Exporter en CSV</translation>
    </message>
    <message>
        <location line="-278"/>
        <source>File to write</source>
        <translation>Fichier à écrire</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Parcourir…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the file to write</source>
        <translation>Choisir le fichier à écrire</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;File:</source>
        <translation>&amp;Fichier&#xa0;:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Rows</source>
        <translation>Lignes</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Loads the pages not loaded yet first. Rows hidden by the quick filter are left out.</source>
        <translation>Charge d’abord les pages qui ne le sont pas encore. Les lignes masquées par le filtre rapide sont ignorées.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Columns</source>
        <translation>Colonnes</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Options</source>
        <translation>Options</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Neutralise spreadsheet formulas (recommended)</source>
        <translation>&amp;Neutraliser les formules de tableur (recommandé)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cells beginning with = + - @ get a leading apostrophe so that spreadsheet programs do not run them as formulas.</source>
        <translation>Les cellules commençant par = + - @ reçoivent une apostrophe initiale pour que les tableurs ne les exécutent pas comme des formules.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add a byte order &amp;mark (for Microsoft Excel)</source>
        <translation>Ajouter une &amp;marque d’ordre des octets (pour Microsoft Excel)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Without it, Excel may read the UTF-8 file in a legacy encoding.</source>
        <translation>Sans elle, Excel risque de lire le fichier UTF-8 dans un ancien encodage.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the table&apos;s column &amp;titles instead of field names</source>
        <translation>Utiliser les t&amp;itres de colonnes du tableau au lieu des noms de champs</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Field names such as LifeCycle.Stage are stable and match partnerdesk-cli; titles follow the language of PartnerDesk.</source>
        <translation>Les noms de champs comme LifeCycle.Stage sont stables et identiques à ceux de partnerdesk-cli&#xa0;; les titres suivent la langue de PartnerDesk.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cells hold the values exactly as the service sent them: API values, ISO dates and plain amounts.</source>
        <translation>Les cellules contiennent les valeurs exactement telles que le service les a envoyées&#xa0;: valeurs de l’API, dates ISO et montants bruts.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Export</source>
        <translation>&amp;Exporter</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>&amp;Selected rows (%1)</source>
        <translation>Lignes &amp;sélectionnées (%1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Loaded rows (%1)</source>
        <translation>Lignes &amp;chargées (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;All rows matching the filters (loads the remaining pages)</source>
        <translation>&amp;Toutes les lignes correspondant aux filtres (charge les pages restantes)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;All rows matching the filters (%1)</source>
        <translation>&amp;Toutes les lignes correspondant aux filtres (%1)</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>The %n visible columns, in table order</source>
        <translation>
            <numerusform>La %n colonne visible, dans l’ordre du tableau</numerusform>
            <numerusform>Les %n colonnes visibles, dans l’ordre du tableau</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>All %n fields, as partnerdesk-cli --output csv writes them</source>
        <translation>
            <numerusform>Le %n champ, comme l’écrit partnerdesk-cli --output csv</numerusform>
            <numerusform>Les %n champs, comme les écrit partnerdesk-cli --output csv</numerusform>
        </translation>
    </message>
    <message>
        <location line="+45"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Fichiers CSV (*.csv);;Tous les fichiers (*)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>“%1” already exists. Replace it?</source>
        <translation>«&#xa0;%1&#xa0;» existe déjà. Le remplacer&#xa0;?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Replace</source>
        <translation>&amp;Remplacer</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Preparing the export…</source>
        <translation>Préparation de l’export…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Loading every matching opportunity… %1 loaded</source>
        <translation>Chargement de toutes les opportunités correspondantes… %1 chargées</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Writing %1 of %2 rows…</source>
        <translation>Écriture de %1 lignes sur %2…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading every matching opportunity…</source>
        <translation>Chargement de toutes les opportunités correspondantes…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Nothing was exported.</source>
        <translation>Rien n’a été exporté.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::FilterPanel</name>
    <message>
        <location filename="../ui/filterpanel.cpp" line="+132"/>
        <source>AWS (production)</source>
        <translation>AWS (production)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sandbox (testing)</source>
        <translation>Sandbox (test)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog</source>
        <translation>Catalogue</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stages</source>
        <translation>Étapes</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Review statuses</source>
        <translation>Statuts de revue</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Catalo&amp;g</source>
        <translation>&amp;Catalogue</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>S&amp;tage</source>
        <translation>É&amp;tape</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Review stat&amp;us</source>
        <translation>Statut de &amp;revue</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>One name per line (up to %1)</source>
        <translation>Un nom par ligne (%1 au maximum)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company names, one per line</source>
        <translation>Noms d’entreprise, un par ligne</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>C&amp;ompany names</source>
        <translation>N&amp;oms d’entreprise</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Matched by the service, not by PartnerDesk; AWS does not document how (exact, prefix or case).</source>
        <translation>La correspondance est faite par le service, pas par PartnerDesk&#xa0;; AWS ne documente pas comment (exacte, préfixe ou casse).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>O1234567 O7654321 … (up to %1)</source>
        <translation>O1234567 O7654321 … (%1 au maximum)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunity identifiers</source>
        <translation>Identifiants d’opportunités</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Identifiers</source>
        <translation>&amp;Identifiants</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+2"/>
        <source>Created</source>
        <translation>Création</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Last modified</source>
        <translation>Dernière modification</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Target close date</source>
        <translation>Date de clôture prévue</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sort by</source>
        <translation>Trier par</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sort order</source>
        <translation>Ordre de tri</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sort &amp;by</source>
        <translation>Tri&amp;er par</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Server-side filters</source>
        <translation>Filtres côté serveur</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Apply</source>
        <translation>Appli&amp;quer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filters also apply by themselves shortly after each change.</source>
        <translation>Les filtres s’appliquent aussi d’eux-mêmes peu après chaque modification.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply filters</source>
        <translation>Appliquer les filtres</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reset</source>
        <translation>Réinitiali&amp;ser</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reset filters</source>
        <translation>Réinitialiser les filtres</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>“%1”</source>
        <comment>a company name as sent</comment>
        <translation>«&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent to the service: %1</source>
        <translation>Envoyé au service&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LanguageSettings</name>
    <message>
        <location filename="../ui/languagesettings.cpp" line="+158"/>
        <source>Lan&amp;guage</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>As the &amp;System (%1)</source>
        <translation>Comme le &amp;système (%1)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Language</source>
        <translation>Langue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PartnerDesk will use the new language the next time it starts.</source>
        <translation>PartnerDesk utilisera la nouvelle langue au prochain démarrage.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LocalCopy</name>
    <message>
        <location filename="../ui/localcopy.cpp" line="+566"/>
        <source>A sync of this local copy is running in another PartnerDesk window; these rows are as of its last sync.</source>
        <translation>Une synchronisation de cette copie locale est en cours dans une autre fenêtre PartnerDesk&#xa0;; ces lignes datent de sa dernière synchronisation.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>just now</source>
        <translation>à l’instant</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>il y a %n min</numerusform>
            <numerusform>il y a %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n h ago</source>
        <translation>
            <numerusform>il y a %n h</numerusform>
            <numerusform>il y a %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n days ago</source>
        <translation>
            <numerusform>il y a %n jour</numerusform>
            <numerusform>il y a %n jours</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not synced yet</source>
        <translation>Pas encore synchronisée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Synced %1</source>
        <translation>Synchronisée %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Local copy · synced %1</source>
        <translation>Copie locale · synchronisée à %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LocalCopyDialog</name>
    <message>
        <location filename="../ui/localcopydialog.cpp" line="+25"/>
        <source>Local Copy</source>
        <translation>Copie locale</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Keep a local copy of the opportunities</source>
        <translation>&amp;Conserver une copie locale des opportunités</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PartnerDesk opens at once on the last synced rows, filters and sorts them without asking the service, and shows what changed.</source>
        <translation>PartnerDesk s’ouvre immédiatement sur les dernières lignes synchronisées, les filtre et les trie sans interroger le service, et montre ce qui a changé.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default: PartnerDesk&apos;s data folder</source>
        <translation>Par défaut&#xa0;: dossier de données de PartnerDesk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Parcourir…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Local copy folder</source>
        <translation>Dossier de la copie locale</translation>
    </message>
    <message>
        <location line="+13"/>
        <source> days</source>
        <translation> jours</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>When PartnerDesk &amp;starts</source>
        <translation>Au &amp;démarrage de PartnerDesk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Every</source>
        <translation>&amp;Toutes les</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> minutes</source>
        <translation> minutes</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Only by &amp;hand (View › Refresh, F5)</source>
        <translation>Uniquement à la &amp;main (Affichage › Actualiser, F5)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Offer a full sync once a &amp;week</source>
        <translation>Proposer une s&amp;ynchronisation complète une fois par semaine</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A full sync lists every opportunity again and marks the ones you can no longer see as removed.</source>
        <translation>Une synchronisation complète liste à nouveau toutes les opportunités et marque comme supprimées celles que vous ne voyez plus.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No local copy is open.</source>
        <translation>Aucune copie locale n’est ouverte.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In use: %1</source>
        <translation>Utilisée&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Forget Local Data…</source>
        <translation>&amp;Oublier les données locales…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deletes the local copy and its history of changes. The service&apos;s data is not touched.</source>
        <translation>Supprime la copie locale et son historique des modifications. Les données du service ne sont pas touchées.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Folder:</source>
        <translation>Dossier&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep history for:</source>
        <translation>Conserver l’historique pendant&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync:</source>
        <translation>Synchronisation&#xa0;:</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Forget Local Data</source>
        <translation>Oublier les données locales</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the local copy of the opportunities and its history of changes?</source>
        <translation>Supprimer la copie locale des opportunités et son historique des modifications&#xa0;?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The service&apos;s data is not touched; the next sync lists everything again.</source>
        <translation>Les données du service ne sont pas touchées&#xa0;; la prochaine synchronisation liste tout à nouveau.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
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
        <translation>Mot de passe du proxy&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Table</source>
        <translation>Tableau</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Filters</source>
        <translation>Filtres</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Details</source>
        <translation>Détails</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Changes</source>
        <translation>Modifications</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>DEMO</source>
        <translation>DÉMO</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo mode: generated opportunities from PartnerDesk&apos;s built-in emulator. Nothing is sent to AWS.</source>
        <translation>Mode démo&#xa0;: opportunités générées par l’émulateur intégré de PartnerDesk. Rien n’est envoyé à AWS.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Demo mode</source>
        <translation>Mode démo</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Filters, sorting and the quick filter work on the local copy of every opportunity, without asking the service.</source>
        <translation>Les filtres, le tri et le filtre rapide portent sur la copie locale de toutes les opportunités, sans interroger le service.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sorted: loaded rows only  ✕</source>
        <translation>Trié&#xa0;: lignes chargées uniquement  ✕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This column cannot be sorted by the service, so only the rows loaded so far are sorted. Click to return to the service&apos;s order.</source>
        <translation>Le service ne peut pas trier sur cette colonne&#xa0;: seules les lignes déjà chargées sont triées. Cliquez pour revenir à l’ordre du service.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sorted locally, loaded rows only. Press to clear.</source>
        <translation>Trié localement, lignes chargées uniquement. Appuyez pour annuler.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Only the loaded rows of the part of the pipeline picked in a chart, or of an attention view. Click to show every row again.</source>
        <translation>Uniquement les lignes chargées de la partie du pipeline choisie dans un graphique, ou d’une vue d’alerte. Cliquez pour afficher à nouveau toutes les lignes.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Filter loaded rows (Ctrl+F)</source>
        <translation>Filtrer les lignes chargées (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quick filter over the loaded rows</source>
        <translation>Filtre rapide sur les lignes chargées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Searches the rows already loaded: id, partner CRM id, company, stage, review status, type, industry, city, country and next steps. Use the Filters panel to ask the service.</source>
        <translation>Recherche dans les lignes déjà chargées&#xa0;: ID, ID CRM du partenaire, entreprise, étape, statut de revue, type, secteur, ville, pays et prochaines étapes. Utilisez le panneau Filtres pour interroger le service.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write the opportunities to a CSV file</source>
        <translation>Écrire les opportunités dans un fichier CSV</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Edit</source>
        <translation>É&amp;dition</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select &amp;All Loaded Rows</source>
        <translation>&amp;Tout sélectionner (lignes chargées)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Find in Loaded Rows</source>
        <translation>&amp;Rechercher dans les lignes chargées</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Edit Filters</source>
        <translation>Modifier les &amp;filtres</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;View</source>
        <translation>Affic&amp;hage</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Table</source>
        <translation>&amp;Tableau</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>P&amp;ipeline</source>
        <translation>&amp;Pipeline</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Load All Pages</source>
        <translation>&amp;Charger toutes les pages</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Stop Loading</source>
        <translation>A&amp;rrêter le chargement</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reset &amp;Columns</source>
        <translation>Réinitialiser les c&amp;olonnes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset &amp;Window Layout</source>
        <translation>Réinitialiser la &amp;disposition de la fenêtre</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Settings</source>
        <translation>&amp;Paramètres</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Connection…</source>
        <translation>&amp;Connexion…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Profiles…</source>
        <translation>&amp;Profils…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Local Copy…</source>
        <translation>Copie l&amp;ocale…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About PartnerDesk</source>
        <translation>À &amp;propos de PartnerDesk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About &amp;Qt</source>
        <translation>À propos de &amp;Qt</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Loading</source>
        <translation>Chargement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel loading</source>
        <translation>Annuler le chargement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load More</source>
        <translation>Charger la suite</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load the next page</source>
        <translation>Charger la page suivante</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel Sync</source>
        <translation>Annuler la synchronisation</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Filtered to %1. Press to show every row.</source>
        <translation>Filtré sur %1. Appuyez pour afficher toutes les lignes.</translation>
    </message>
    <message numerus="yes">
        <location line="+81"/>
        <source>Exported %n opportunities to %1</source>
        <translation>
            <numerusform>%n opportunité exportée vers %1</numerusform>
            <numerusform>%n opportunités exportées vers %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>Export annulé&#xa0;; rien n’a été écrit.</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>The last full sync is more than a week old. A full sync also finds the opportunities you can no longer see.</source>
        <translation>La dernière synchronisation complète date de plus d’une semaine. Une synchronisation complète trouve aussi les opportunités que vous ne voyez plus.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fu&amp;ll Sync</source>
        <translation>S&amp;ynchronisation complète</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Try Agai&amp;n</source>
        <translation>Rela&amp;ncer</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>The sync failed; the rows shown are from the last one. %1</source>
        <translation>La synchronisation a échoué&#xa0;; les lignes affichées datent de la précédente. %1</translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>%n opportunities became Action Required or Rejected: %1</source>
        <translation>
            <numerusform>%n opportunité est passée à «&#xa0;Action requise&#xa0;» ou «&#xa0;Rejetée&#xa0;»&#xa0;: %1</numerusform>
            <numerusform>%n opportunités sont passées à «&#xa0;Action requise&#xa0;» ou «&#xa0;Rejetée&#xa0;»&#xa0;: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The local copy could not be deleted: %1</source>
        <translation>Impossible de supprimer la copie locale&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deleted the local copy %1</source>
        <translation>Copie locale %1 supprimée</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>SANDBOX · test data</source>
        <translation>SANDBOX · données de test</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>AWS · production</source>
        <translation>AWS · production</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog %1: every request names this catalog. Change it in the Filters panel.</source>
        <translation>Catalogue %1&#xa0;: chaque requête désigne ce catalogue. Modifiez-le dans le panneau Filtres.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Catalog: %1</source>
        <translation>Catalogue&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>PartnerDesk — %1 catalog (demo)</source>
        <translation>PartnerDesk — catalogue %1 (démo)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PartnerDesk — %1 catalog</source>
        <translation>PartnerDesk — catalogue %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Not connected</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No opportunities match these filters</source>
        <translation>Aucune opportunité ne correspond à ces filtres</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 loaded · more available</source>
        <translation>%1 chargées · d’autres disponibles</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 loaded · more coming</source>
        <translation>%1 chargées · d’autres arrivent</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 loaded · all</source>
        <translation>%1 chargées · toutes</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> · %1 shown</source>
        <translation> · %1 affichées</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Waiting for quota…</source>
        <translation>En attente de quota…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The service asked PartnerDesk to slow down (ThrottlingException); it retries by itself.</source>
        <translation>Le service a demandé à PartnerDesk de ralentir (ThrottlingException)&#xa0;; la requête est relancée automatiquement.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading all pages…</source>
        <translation>Chargement de toutes les pages…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading page…</source>
        <translation>Chargement de la page…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Syncing: waiting for quota…</source>
        <translation>Synchronisation&#xa0;: en attente de quota…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Syncing… %1 rows</source>
        <translation>Synchronisation… %1 lignes</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opening the local copy…</source>
        <translation>Ouverture de la copie locale…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Last page: %1 ms</source>
        <translation>Dernière page&#xa0;: %1 ms</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fetched %1</source>
        <translation>Récupéré à %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>First page of this listing fetched %1</source>
        <translation>Première page de cette liste récupérée le %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::NoticeBar</name>
    <message>
        <location filename="../ui/noticebar.cpp" line="+24"/>
        <location line="+1"/>
        <source>Dismiss</source>
        <translation>Masquer</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::OpportunityExporter</name>
    <message>
        <location filename="../ui/opportunityexporter.cpp" line="+108"/>
        <source>There is no table to export.</source>
        <translation>Il n’y a aucun tableau à exporter.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No file name was given.</source>
        <translation>Aucun nom de fichier n’a été indiqué.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“%1” cannot be written: %2</source>
        <translation>Impossible d’écrire «&#xa0;%1&#xa0;»&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Not connected: the remaining pages cannot be loaded. Export the loaded rows instead, or connect first.</source>
        <translation>Non connecté&#xa0;: impossible de charger les pages restantes. Exportez plutôt les lignes chargées, ou connectez-vous d’abord.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Not every page could be loaded, so nothing was written: %1</source>
        <translation>Toutes les pages n’ont pas pu être chargées, donc rien n’a été écrit&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading stopped before the last page (the filters changed or loading was stopped), so nothing was written.</source>
        <translation>Le chargement s’est arrêté avant la dernière page (les filtres ont changé ou le chargement a été interrompu), donc rien n’a été écrit.</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+51"/>
        <source>The table was closed during the export.</source>
        <translation>Le tableau a été fermé pendant l’export.</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>The table was reloaded during the export, so nothing was written.</source>
        <translation>Le tableau a été rechargé pendant l’export, donc rien n’a été écrit.</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+25"/>
        <location line="+19"/>
        <source>Writing “%1” failed: %2</source>
        <translation>L’écriture de «&#xa0;%1&#xa0;» a échoué&#xa0;: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::OpportunityTableView</name>
    <message>
        <location filename="../ui/opportunitytableview.cpp" line="+124"/>
        <source>Opportunities</source>
        <translation>Opportunités</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>&amp;Copy Cell</source>
        <translation>&amp;Copier la cellule</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy &amp;Rows with Headers</source>
        <translation>Copier les &amp;lignes avec les en-têtes</translation>
    </message>
    <message>
        <location line="+164"/>
        <source>Columns</source>
        <translation>Colonnes</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Reset Columns to Default</source>
        <translation>&amp;Rétablir les colonnes par défaut</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::PipelineChartView</name>
    <message>
        <location filename="../ui/pipelinechartview.cpp" line="+29"/>
        <location line="+138"/>
        <source>Copy Chart</source>
        <translation>Copier le graphique</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Export Chart…</source>
        <translation>Exporter le graphique…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PNG image (*.png)</source>
        <translation>Image PNG (*.png)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SVG drawing (*.svg)</source>
        <translation>Dessin SVG (*.svg)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+10"/>
        <source>Export Chart</source>
        <translation>Exporter le graphique</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::PipelineView</name>
    <message>
        <location filename="../ui/pipelineview.cpp" line="+112"/>
        <source>Spend currency:</source>
        <translation>Devise des dépenses&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Currency of the monthly spend chart</source>
        <translation>Devise du graphique des dépenses mensuelles</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Count Every Opportunity</source>
        <translation>Compter toutes les opportunités</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load the remaining pages of the listing (View › Load All Pages), so the charts count every matching opportunity.</source>
        <translation>Charger les pages restantes de la liste (Affichage › Charger toutes les pages) pour que les graphiques comptent toutes les opportunités correspondantes.</translation>
    </message>
    <message numerus="yes">
        <location line="+245"/>
        <source>%n opportunities loaded so far</source>
        <translation>
            <numerusform>%n opportunité chargée jusqu’ici</numerusform>
            <numerusform>%n opportunités chargées jusqu’ici</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n opportunities</source>
        <translation>
            <numerusform>%n opportunité</numerusform>
            <numerusform>%n opportunités</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n spend entries without a valid amount left out</source>
        <translation>
            <numerusform>%n dépense sans montant valide ignorée</numerusform>
            <numerusform>%n dépenses sans montant valide ignorées</numerusform>
        </translation>
    </message>
    <message>
        <location line="-222"/>
        <location line="+343"/>
        <source>Opportunities by stage and review status</source>
        <translation>Opportunités par étape et statut de revue</translation>
    </message>
    <message numerus="yes">
        <location line="+57"/>
        <source>%1 · %2: %n opportunities</source>
        <translation>
            <numerusform>%1 · %2&#xa0;: %n opportunité</numerusform>
            <numerusform>%1 · %2&#xa0;: %n opportunités</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>In this stage: %n opportunities</source>
        <translation>
            <numerusform>Dans cette étape&#xa0;: %n opportunité</numerusform>
            <numerusform>Dans cette étape&#xa0;: %n opportunités</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Monthly spend in this stage: %1</source>
        <translation>Dépenses mensuelles dans cette étape&#xa0;: %1</translation>
    </message>
    <message>
        <location line="-404"/>
        <location line="+422"/>
        <source>Monthly expected spend by stage</source>
        <translation>Dépenses mensuelles prévues par étape</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monthly expected spend by stage (%1)</source>
        <translation>Dépenses mensuelles prévues par étape (%1)</translation>
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
            <numerusform>%1&#xa0;: %2 par mois, sur %n dépense</numerusform>
            <numerusform>%1&#xa0;: %2 par mois, sur %n dépenses</numerusform>
        </translation>
    </message>
    <message>
        <location line="-464"/>
        <location line="+476"/>
        <source>Open opportunities by target close month</source>
        <translation>Opportunités ouvertes par mois de clôture prévu</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+95"/>
        <source>Overdue</source>
        <translation>En retard</translation>
    </message>
    <message>
        <location line="-93"/>
        <source>Due</source>
        <translation>À échéance</translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>%1: %n open opportunities</source>
        <translation>
            <numerusform>%1&#xa0;: %n opportunité ouverte</numerusform>
            <numerusform>%1&#xa0;: %n opportunités ouvertes</numerusform>
        </translation>
    </message>
    <message>
        <location line="-499"/>
        <location line="+507"/>
        <source>Time since the last change</source>
        <translation>Temps écoulé depuis la dernière modification</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunities</source>
        <translation>Opportunités</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Changed %1 ago: %n opportunities</source>
        <translation>
            <numerusform>Modifiée il y a %1&#xa0;: %n opportunité</numerusform>
            <numerusform>Modifiées il y a %1&#xa0;: %n opportunités</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Closed-lost reasons: none in these rows</source>
        <translation>Motifs de perte&#xa0;: aucun dans ces lignes</translation>
    </message>
    <message>
        <location line="-529"/>
        <location line="+530"/>
        <source>Closed-lost reasons</source>
        <translation>Motifs de perte</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>%1: %n closed-lost opportunities (%2 %)</source>
        <translation>
            <numerusform>%1&#xa0;: %n opportunité perdue (%2&#xa0;%)</numerusform>
            <numerusform>%1&#xa0;: %n opportunités perdues (%2&#xa0;%)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>(no stage)</source>
        <translation>(aucune étape)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no review status)</source>
        <translation>(aucun statut de revue)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Later</source>
        <translation>Plus tard</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>0–7 days</source>
        <translation>0–7 jours</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>8–30 days</source>
        <translation>8–30 jours</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>31–90 days</source>
        <translation>31–90 jours</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>91+ days</source>
        <translation>91 jours et plus</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no reason)</source>
        <translation>(aucun motif)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no currency)</source>
        <translation>(aucune devise)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stage: %1 · Review: %2</source>
        <translation>Étape&#xa0;: %1 · Revue&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stage: %1 · Spend in %2</source>
        <translation>Étape&#xa0;: %1 · Dépenses en %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Target close: %1</source>
        <translation>Clôture prévue&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last change: %1 ago</source>
        <translation>Dernière modification&#xa0;: il y a %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closed lost: %1</source>
        <translation>Perdue&#xa0;: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ProfilesDialog</name>
    <message>
        <location filename="../ui/profilesdialog.cpp" line="+62"/>
        <source>Profiles</source>
        <translation>Profils</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PartnerDesk profiles</source>
        <translation>Profils PartnerDesk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New</source>
        <translation>&amp;Nouveau</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New profile</source>
        <translation>Nouveau profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>De&amp;lete</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete the selected profile</source>
        <translation>Supprimer le profil sélectionné</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>AWS CLI profiles, read-only</source>
        <translation>Profils AWS CLI, en lecture seule</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From %1 and %2. Change them with “aws configure”.</source>
        <translation>Issus de %1 et %2. Modifiez-les avec «&#xa0;aws configure&#xa0;».</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Partner&amp;Desk profiles</source>
        <translation>Profils Partner&amp;Desk</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A&amp;WS CLI profiles (read-only)</source>
        <translation>Profils A&amp;WS CLI (lecture seule)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Profile name</source>
        <translation>Nom du profil</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Access key ID</source>
        <translation>ID de clé d’accès</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Secret access key</source>
        <translation>Clé d’accès secrète</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stored only in the system keychain.</source>
        <translation>Enregistrée uniquement dans le trousseau du système.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stored only in the system keychain, never in a settings file.</source>
        <translation>Enregistrée uniquement dans le trousseau du système, jamais dans un fichier de paramètres.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Session token (optional)</source>
        <translation>Jeton de session (facultatif)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only for temporary credentials</source>
        <translation>Uniquement pour des identifiants temporaires</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Region (optional)</source>
        <translation>Région (facultatif)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Endpoint URL (optional)</source>
        <translation>URL du point de terminaison (facultatif)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The region&apos;s standard endpoint</source>
        <translation>Le point de terminaison standard de la région</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Na&amp;me:</source>
        <translation>No&amp;m&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Access &amp;key ID:</source>
        <translation>ID de clé d’&amp;accès&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Secret access key:</source>
        <translation>Clé d’accès se&amp;crète&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session t&amp;oken:</source>
        <translation>Jeton de sessi&amp;on&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Region:</source>
        <translation>Ré&amp;gion&#xa0;:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Endpoint URL:</source>
        <translation>&amp;Point de terminaison (URL)&#xa0;:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sa&amp;ve</source>
        <translation>En&amp;registrer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the profile</source>
        <translation>Enregistrer le profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Test Connection</source>
        <translation>&amp;Tester la connexion</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test the connection for both catalogs</source>
        <translation>Tester la connexion pour les deux catalogues</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lists one opportunity of each catalog (AWS and Sandbox).</source>
        <translation>Liste une opportunité de chaque catalogue (AWS et Sandbox).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Use This Profile</source>
        <translation>&amp;Utiliser ce profil</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect with this profile</source>
        <translation>Se connecter avec ce profil</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Connection test result</source>
        <translation>Résultat du test de connexion</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy IAM &amp;Policy</source>
        <translation>Cop&amp;ier la stratégie IAM</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy a least-privilege IAM policy</source>
        <translation>Copier une stratégie IAM de moindre privilège</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copies a policy that allows partnercentral:ListOpportunities on the AWS and Sandbox catalogs.</source>
        <translation>Copie une stratégie qui autorise partnercentral:ListOpportunities sur les catalogues AWS et Sandbox.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The IAM policy is on the clipboard.</source>
        <translation>La stratégie IAM est dans le presse-papiers.</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>New PartnerDesk profile</source>
        <translation>Nouveau profil PartnerDesk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The secret access key and the session token are stored in the %1; the other fields in PartnerDesk&apos;s settings.</source>
        <translation>La clé d’accès secrète et le jeton de session sont enregistrés dans le %1&#xa0;; les autres champs, dans les paramètres de PartnerDesk.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>AWS CLI profile “%1”</source>
        <translation>Profil AWS CLI «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read-only here. PartnerDesk uses it as the AWS CLI would.</source>
        <translation>En lecture seule ici. PartnerDesk l’utilise comme le ferait l’AWS CLI.</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+129"/>
        <source>PartnerDesk profile “%1”</source>
        <translation>Profil PartnerDesk «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Reading the secrets of %1 from the %2…</source>
        <translation>Lecture des secrets de %1 dans le %2…</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>An AWS CLI profile is already called %1, and it would take precedence. Choose another name.</source>
        <translation>Un profil AWS CLI s’appelle déjà %1 et serait prioritaire. Choisissez un autre nom.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A PartnerDesk profile called %1 already exists.</source>
        <translation>Un profil PartnerDesk nommé %1 existe déjà.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the access key ID.</source>
        <translation>Saisissez l’ID de clé d’accès.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the secret access key.</source>
        <translation>Saisissez la clé d’accès secrète.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+114"/>
        <source>“%1” is not a valid region name.</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas un nom de région valide.</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>“%1” is not a valid endpoint URL.</source>
        <translation>«&#xa0;%1&#xa0;» n’est pas une URL de point de terminaison valide.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Saving %1…</source>
        <translation>Enregistrement de %1…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Profile %1 saved; its secret access key is in the %2.</source>
        <translation>Profil %1 enregistré&#xa0;; sa clé d’accès secrète est dans le %2.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Delete Profile</source>
        <translation>Supprimer le profil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the profile %1 and its secrets in the %2?</source>
        <translation>Supprimer le profil %1 et ses secrets dans le %2&#xa0;?</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deleting %1…</source>
        <translation>Suppression de %1…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Profile %1 deleted.</source>
        <translation>Profil %1 supprimé.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Enter the access key ID and the secret access key first.</source>
        <translation>Saisissez d’abord l’ID de clé d’accès et la clé d’accès secrète.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>the keys entered here</source>
        <translation>les clés saisies ici</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Testing %1 (region %2)…</source>
        <translation>Test de %1 (région %2)…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Catalog %1: testing…</source>
        <translation>Catalogue %1&#xa0;: test en cours…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Connection test passed.</source>
        <translation>Test de connexion réussi.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connection test failed.</source>
        <translation>Échec du test de connexion.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::SavedViewsDialog</name>
    <message>
        <location filename="../ui/savedviewsdialog.cpp" line="+22"/>
        <source>Manage Views</source>
        <translation>Gérer les vues</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved views</source>
        <translation>Vues enregistrées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Apply</source>
        <translation>Appli&amp;quer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Rename…</source>
        <translation>&amp;Renommer…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete</source>
        <translation>&amp;Supprimer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exporter…</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+3"/>
        <source>Rename View</source>
        <translation>Renommer la vue</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>New name:</source>
        <translation>Nouveau nom&#xa0;:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“%1” is empty or already the name of a view.</source>
        <translation>«&#xa0;%1&#xa0;» est vide ou est déjà le nom d’une vue.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete View</source>
        <translation>Supprimer la vue</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete the view “%1”?</source>
        <translation>Supprimer la vue «&#xa0;%1&#xa0;»&#xa0;?</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+4"/>
        <source>Export View</source>
        <translation>Exporter la vue</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>PartnerDesk views (*.pdview.json *.json)</source>
        <translation>Vues PartnerDesk (*.pdview.json *.json)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 (start view)</source>
        <translation>%1 (vue de démarrage)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&amp;Clear Start View</source>
        <translation>Re&amp;tirer la vue de démarrage</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set as &amp;Start View</source>
        <translation>Définir comme vue de &amp;démarrage</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::StageProgressStrip</name>
    <message>
        <location filename="../ui/stageprogressstrip.cpp" line="+22"/>
        <source>Stage progress</source>
        <translation>Progression des étapes</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Closed lost</source>
        <translation>Perdue</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stage %1 of %2: %3</source>
        <translation>Étape %1 sur %2&#xa0;: %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No stage</source>
        <translation>Aucune étape</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ViewsMenu</name>
    <message>
        <location filename="../ui/viewsmenu.cpp" line="+54"/>
        <source>PartnerDesk views (*.pdview.json *.json)</source>
        <translation>Vues PartnerDesk (*.pdview.json *.json)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Vie&amp;ws</source>
        <translation>V&amp;ues</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Save Current View…</source>
        <translation>&amp;Enregistrer la vue actuelle…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Manage Views…</source>
        <translation>&amp;Gérer les vues…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import View…</source>
        <translation>&amp;Importer une vue…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xport Current View…</source>
        <translation>E&amp;xporter la vue actuelle…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Copy as AWS CLI Command</source>
        <translation>&amp;Copier comme commande AWS CLI</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the aws partnercentral-selling list-opportunities command for the filters the service applies; filters on the loaded rows follow as a comment</source>
        <translation>Copier la commande aws partnercentral-selling list-opportunities pour les filtres appliqués par le service&#xa0;; les filtres sur les lignes chargées suivent en commentaire</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+182"/>
        <source>Saved views: %1</source>
        <translation>Vues enregistrées&#xa0;: %1</translation>
    </message>
    <message>
        <location line="-121"/>
        <source>View “%1” applied</source>
        <translation>Vue «&#xa0;%1&#xa0;» appliquée</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Cannot read %1: %2</source>
        <translation>Impossible de lire %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The view could not be saved.</source>
        <translation>Impossible d’enregistrer la vue.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot write %1: %2</source>
        <translation>Impossible d’écrire %1&#xa0;: %2</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>quick filter “%1”</source>
        <translation>filtre rapide «&#xa0;%1&#xa0;»</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 (start view)</source>
        <translation>%1 (vue de démarrage)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Save Current View</source>
        <translation>Enregistrer la vue actuelle</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name of the view (filters, local filter, columns and sort):</source>
        <translation>Nom de la vue (filtres, filtre local, colonnes et tri)&#xa0;:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>View “%1” saved</source>
        <translation>Vue «&#xa0;%1&#xa0;» enregistrée</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Import View</source>
        <translation>Importer une vue</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import failed: %1</source>
        <translation>Échec de l’import&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>View</source>
        <translation>Vue</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export Current View</source>
        <translation>Exporter la vue actuelle</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exported to %1</source>
        <translation>Exporté vers %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>AWS CLI command copied</source>
        <translation>Commande AWS CLI copiée</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::WelcomeDialog</name>
    <message>
        <location filename="../ui/welcomedialog.cpp" line="+19"/>
        <location line="+6"/>
        <source>Welcome to PartnerDesk</source>
        <translation>Bienvenue dans PartnerDesk</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PartnerDesk found no AWS credentials: no keys in the environment, no AWS CLI profile in ~/.aws and no PartnerDesk profile.

Set up a profile with an access key (the secret goes to the system keychain), or look around with generated demo data first; nothing is sent to AWS in the demo.</source>
        <translation>PartnerDesk n’a trouvé aucun identifiant AWS&#xa0;: aucune clé dans l’environnement, aucun profil AWS CLI dans ~/.aws et aucun profil PartnerDesk.

Configurez un profil avec une clé d’accès (la clé secrète va dans le trousseau du système), ou découvrez d’abord l’application avec des données de démonstration&#xa0;; en mode démo, rien n’est envoyé à AWS.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Set Up a Profile…</source>
        <translation>&amp;Configurer un profil…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Try the &amp;Demo</source>
        <translation>Essayer la &amp;démo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Later</source>
        <translation>Plus &amp;tard</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+71"/>
        <source>Browse, filter and inspect AWS Partner Central opportunities.</source>
        <translation>Parcourir, filtrer et consulter les opportunités AWS Partner Central.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Browse generated demo data served by a built-in emulator; nothing is sent to AWS.</source>
        <translation>Parcourir des données de démonstration générées par un émulateur intégré&#xa0;; rien n’est envoyé à AWS.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Use the AWS CLI or PartnerDesk profile &lt;name&gt;.</source>
        <translation>Utiliser le profil AWS CLI ou PartnerDesk &lt;name&gt;.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use the AWS region &lt;region&gt;.</source>
        <translation>Utiliser la région AWS &lt;region&gt;.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>region</source>
        <translation>region</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send requests to &lt;url&gt; instead of the region&apos;s endpoint.</source>
        <translation>Envoyer les requêtes à &lt;url&gt; au lieu du point de terminaison de la région.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use the language &lt;code&gt; (en, de, fr, es, ja, pt_BR) instead of the system&apos;s or the saved one.</source>
        <translation>Utiliser la langue &lt;code&gt; (en, de, fr, es, ja, pt_BR) au lieu de celle du système ou de celle enregistrée.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open on the &lt;view&gt;: table (default) or pipeline.</source>
        <translation>Ouvrir sur la vue &lt;view&gt;&#xa0;: table (par défaut) ou pipeline.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>view</source>
        <translation>view</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Unknown view &apos;%1&apos;: choose table or pipeline.</source>
        <translation>Vue «&#xa0;%1&#xa0;» inconnue&#xa0;: choisissez table ou pipeline.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The demo service did not start: %1</source>
        <translation>Le service de démonstration n’a pas démarré&#xa0;: %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Demo data</source>
        <translation>Données de démo</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PartnerDesk</source>
        <translation>PartnerDesk</translation>
    </message>
</context>
</TS>
