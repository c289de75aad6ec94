<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>Pd::Core::ApiError</name>
    <message>
        <location filename="../core/api/apierror.cpp" line="+49"/>
        <source> (reached max retries: %1)</source>
        <translation> (se alcanzó el máximo de reintentos: %1)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Parameter validation failed for the %1 operation; nothing was sent:</source>
        <translation>La validación de parámetros de la operación %1 falló; no se envió nada:</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+43"/>
        <source>Configuration error: %1</source>
        <translation>Error de configuración: %1</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Network error when calling the %1 operation%2: %3</source>
        <translation>Error de red al llamar a la operación %1%2: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Timed out when calling the %1 operation%2: %3</source>
        <translation>Se agotó el tiempo de espera al llamar a la operación %1%2: %3</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The %1 operation was cancelled.</source>
        <translation>Se canceló la operación %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The %1 operation returned an invalid response: %2</source>
        <translation>La operación %1 devolvió una respuesta no válida: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>An error occurred (%1) when calling the %2 operation%3: %4</source>
        <translation>Se produjo un error (%1) al llamar a la operación %2%3: %4</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Request refused locally: %1</source>
        <translation>Solicitud rechazada localmente: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
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
        <translation> [solicitud %1]</translation>
    </message>
    <message numerus="yes">
        <location line="+11"/>
        <source>%n request member(s) failed validation.</source>
        <translation>
            <numerusform>%n miembro de la solicitud no superó la validación.</numerusform>
            <numerusform>%n miembros de la solicitud no superaron la validación.</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../core/api/errorparser.cpp" line="+248"/>
        <source>The service returned %1 with an empty body.</source>
        <translation>El servicio devolvió %1 con el cuerpo vacío.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service returned %1 with a body that is not a JSON error object: %2</source>
        <translation>El servicio devolvió %1 con un cuerpo que no es un objeto de error JSON: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The service returned %1 without an error message.</source>
        <translation>El servicio devolvió %1 sin mensaje de error.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AttentionView</name>
    <message>
        <location filename="../core/model/attentionview.cpp" line="+66"/>
        <source>Action Required</source>
        <translation>Acción necesaria</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Overdue</source>
        <translation>Vencidas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closing this month</source>
        <translation>Cierre este mes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closing this quarter</source>
        <translation>Cierre este trimestre</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No update in 30 days</source>
        <translation>Sin actualizar en 30 días</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Changed since I last looked</source>
        <translation>Cambiadas desde mi última consulta</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Rejected</source>
        <translation>Rechazadas</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Opportunities whose review status is Action Required: AWS waits for an answer.</source>
        <translation>Oportunidades cuyo estado de revisión es «Acción necesaria»: AWS espera una respuesta.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities whose target close date has passed.</source>
        <translation>Oportunidades abiertas cuya fecha de cierre prevista ya pasó.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities due to close from today to the end of this month.</source>
        <translation>Oportunidades abiertas con cierre previsto desde hoy hasta el final de este mes.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open opportunities due to close from today to the end of this quarter.</source>
        <translation>Oportunidades abiertas con cierre previsto desde hoy hasta el final de este trimestre.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities last changed more than 30 days ago.</source>
        <translation>Oportunidades modificadas por última vez hace más de 30 días.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities a sync changed since you last looked at them.</source>
        <translation>Oportunidades que una sincronización cambió desde la última vez que las consultó.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunities whose review status is Rejected.</source>
        <translation>Oportunidades cuyo estado de revisión es «Rechazada».</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AwsClient</name>
    <message>
        <location filename="../core/api/awsclient.cpp" line="+29"/>
        <source>No AWS credentials are configured.</source>
        <translation>No hay credenciales de AWS configuradas.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::AwsConfigFile</name>
    <message>
        <location filename="../core/aws/awsconfigfile.cpp" line="+69"/>
        <source>this is a folder, not a file</source>
        <translation>es una carpeta, no un archivo</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+8"/>
        <source>the file is larger than %1 MiB</source>
        <translation>el archivo ocupa más de %1 MiB</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>the line is not valid UTF-8 text</source>
        <translation>la línea no es texto UTF-8 válido</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>expected “key = value” inside the nested “%1” settings</source>
        <translation>se esperaba «clave = valor» dentro de los ajustes anidados «%1»</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>the section header has no closing “]”</source>
        <translation>al encabezado de sección le falta el «]» de cierre</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the section name is empty</source>
        <translation>el nombre de la sección está vacío</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the section [%1] appears twice (first on line %2)</source>
        <translation>la sección [%1] aparece dos veces (primero en la línea %2)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>“%1” comes before the first [section] header</source>
        <translation>«%1» aparece antes del primer encabezado [sección]</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>expected “key = value”</source>
        <translation>se esperaba «clave = valor»</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the key name before “%1” is missing</source>
        <translation>falta el nombre de la clave antes de «%1»</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the key “%1” appears twice in [%2] (first on line %3)</source>
        <translation>la clave «%1» aparece dos veces en [%2] (primero en la línea %3)</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>%1, line %2: %3</source>
        <translation>%1, línea %2: %3</translation>
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
        <translation>Se canceló la solicitud.</translation>
    </message>
    <message>
        <location line="+117"/>
        <location line="+30"/>
        <location line="+20"/>
        <source>The client of this call no longer exists.</source>
        <translation>El cliente de esta llamada ya no existe.</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>No AWS credentials are configured.</source>
        <translation>No hay credenciales de AWS configuradas.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>No AWS credentials are available.</source>
        <translation>No hay credenciales de AWS disponibles.</translation>
    </message>
    <message>
        <location line="+170"/>
        <source>The response is larger than %1 MiB; it was not read.</source>
        <translation>La respuesta ocupa más de %1 MiB; no se leyó.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No data arrived for %1 ms; the attempt timed out.</source>
        <translation>No llegaron datos durante %1 ms; el intento agotó el tiempo de espera.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The connection closed after %1 of %2 bytes of the response.</source>
        <translation>La conexión se cerró después de %1 de %2 bytes de la respuesta.</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>The server closed the connection without a response.</source>
        <translation>El servidor cerró la conexión sin responder.</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>The endpoint answered with a redirect (HTTP %1) to &quot;%2&quot;; redirects are not followed. Check the endpoint URL.</source>
        <translation>El punto de enlace respondió con una redirección (HTTP %1) a «%2»; las redirecciones no se siguen. Compruebe la URL del punto de enlace.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CaBundle</name>
    <message>
        <location filename="../core/http/cabundle.cpp" line="+11"/>
        <source>The CA bundle %1 could not be read: %2</source>
        <translation>No se pudo leer el paquete de CA %1: %2</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The CA bundle %1 holds no PEM certificate.</source>
        <translation>El paquete de CA %1 no contiene ningún certificado PEM.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ConnectionResolver</name>
    <message>
        <location filename="../core/aws/connectionresolver.cpp" line="+71"/>
        <source>%1 of profile %2 (%3, line %4)</source>
        <translation>%1 del perfil %2 (%3, línea %4)</translation>
    </message>
    <message>
        <location line="+104"/>
        <source>The profile “%1” (from %2) could not be found in %3, in %4 or among the PartnerDesk profiles.</source>
        <translation>No se encontró el perfil «%1» (de %2) en %3, en %4 ni entre los perfiles de PartnerDesk.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not.</source>
        <translation>AWS_ACCESS_KEY_ID está definida, pero AWS_SECRET_ACCESS_KEY no.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>environment variables</source>
        <translation>variables de entorno</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Profile %1 assumes a role (role_arn), which PartnerDesk does not support. Give it temporary keys, or use a profile with credential_process = aws configure export-credentials --profile %1 --format process.</source>
        <translation>El perfil %1 asume un rol (role_arn), algo que PartnerDesk no admite. Asígnele claves temporales o use un perfil con credential_process = aws configure export-credentials --profile %1 --format process.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Profile %1 uses a web identity token (web_identity_token_file), which PartnerDesk does not support.</source>
        <translation>El perfil %1 usa un token de identidad web (web_identity_token_file), algo que PartnerDesk no admite.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Profile %1 signs in through IAM Identity Center (SSO), which PartnerDesk does not support directly. Use a profile with credential_process = aws configure export-credentials --profile %1 --format process.</source>
        <translation>El perfil %1 inicia sesión mediante IAM Identity Center (SSO), algo que PartnerDesk no admite directamente. Use un perfil con credential_process = aws configure export-credentials --profile %1 --format process.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Profile %1 in %2 has aws_access_key_id but no aws_secret_access_key.</source>
        <translation>El perfil %1 de %2 tiene aws_access_key_id pero no aws_secret_access_key.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>profile %1 (%2)</source>
        <translation>perfil %1 (%2)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Profile %1 has no credentials: add aws_access_key_id and aws_secret_access_key, or credential_process, to it in %2 or %3.</source>
        <translation>El perfil %1 no tiene credenciales: añádale aws_access_key_id y aws_secret_access_key, o credential_process, en %2 o %3.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No AWS credentials were found. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, choose a profile, add a [default] profile to %1, or create a PartnerDesk profile.</source>
        <translation>No se encontraron credenciales de AWS. Defina AWS_ACCESS_KEY_ID y AWS_SECRET_ACCESS_KEY, elija un perfil, añada un perfil [default] a %1 o cree un perfil de PartnerDesk.</translation>
    </message>
    <message>
        <location line="+22"/>
        <location line="+49"/>
        <source>PartnerDesk profile %1</source>
        <translation>perfil de PartnerDesk %1</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>default</source>
        <translation>predeterminada</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The region “%1” (from %2) is not a valid region name.</source>
        <translation>La región «%1» (de %2) no es un nombre de región válido.</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>[services %1] %2 endpoint_url in %3</source>
        <translation>[services %1] %2 endpoint_url en %3</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>default for region %1</source>
        <translation>predeterminado para la región %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The endpoint URL “%1” (from %2) is not valid: it must look like https://host[:port].</source>
        <translation>La URL del punto de enlace «%1» (de %2) no es válida: debe tener la forma https://host[:puerto].</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The endpoint URL “%1” (from %2) may not contain a user name, a query or a fragment.</source>
        <translation>La URL del punto de enlace «%1» (de %2) no puede contener nombre de usuario, consulta ni fragmento.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (The endpoint came from %2.)</source>
        <translation>%1 (El punto de enlace procede de %2.)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The retry mode “%1” (from %2) is not one of standard, legacy or adaptive.</source>
        <translation>El modo de reintento «%1» (de %2) no es standard, legacy ni adaptive.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The maximum number of attempts “%1” (from %2) is not a positive whole number.</source>
        <translation>El número máximo de intentos «%1» (de %2) no es un número entero positivo.</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>%1 (The proxy came from the connection settings.)</source>
        <translation>%1 (El proxy procede de la configuración de conexión.)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the connection settings</source>
        <translation>la configuración de conexión</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>the system proxy settings</source>
        <translation>la configuración de proxy del sistema</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The system proxy for %1 is not an HTTP proxy, which PartnerDesk does not support. Choose a manual HTTP proxy in the connection settings.</source>
        <translation>El proxy del sistema para %1 no es un proxy HTTP, algo que PartnerDesk no admite. Elija un proxy HTTP manual en la configuración de conexión.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>%1 (The proxy came from %2.)</source>
        <translation>%1 (El proxy procede de %2.)</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>%1 (The CA bundle came from %2.)</source>
        <translation>%1 (El paquete de CA procede de %2.)</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ConnectionTest</name>
    <message>
        <location filename="../core/api/connectiontest.cpp" line="+33"/>
        <source>%1 The service said: “%2”</source>
        <translation>%1 El servicio respondió: «%2»</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>Catalog %1: connected. These credentials may list opportunities (%2 ms).</source>
        <translation>Catálogo %1: conectado. Estas credenciales pueden listar oportunidades (%2 ms).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Catalog %1: access denied. The keys are valid, but their IAM identity is not allowed the action %2 for this catalog. Add it to a policy; the condition key %3 can limit it to the catalogs you use.</source>
        <translation>Catálogo %1: acceso denegado. Las claves son válidas, pero su identidad de IAM no tiene permitida la acción %2 en este catálogo. Añádala a una política; la clave de condición %3 permite limitarla a los catálogos que utiliza.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Catalog %1: the signature was rejected. The secret access key does not belong to this access key ID, or this computer&apos;s clock is wrong.</source>
        <translation>Catálogo %1: se rechazó la firma. La clave de acceso secreta no corresponde a este ID de clave de acceso, o el reloj de este equipo no está en hora.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Catalog %1: AWS does not know this access key ID (or its session token). Check for typing mistakes, or whether the key was deactivated or deleted.</source>
        <translation>Catálogo %1: AWS no reconoce este ID de clave de acceso (ni su token de sesión). Compruebe si hay errores de escritura o si la clave se desactivó o se eliminó.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Catalog %1: the credentials have expired. Get new temporary credentials and a new session token.</source>
        <translation>Catálogo %1: las credenciales han caducado. Obtenga credenciales temporales y un token de sesión nuevos.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Catalog %1: the credentials were refused (%2).</source>
        <translation>Catálogo %1: se rechazaron las credenciales (%2).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Catalog %1: nothing was sent. %2</source>
        <translation>Catálogo %1: no se envió nada. %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service could not be reached: %2</source>
        <translation>Catálogo %1: no se pudo contactar con el servicio: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service did not answer in time.</source>
        <translation>Catálogo %1: el servicio no respondió a tiempo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog %1: the service is throttling requests for this account. Try again in a moment.</source>
        <translation>Catálogo %1: el servicio está limitando las solicitudes de esta cuenta. Vuelva a intentarlo en un momento.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Catalog %1: cancelled.</source>
        <translation>Catálogo %1: cancelado.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Catalog %1: the service answered %2 (HTTP %3).</source>
        <translation>Catálogo %1: el servicio respondió %2 (HTTP %3).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Catalog %1: the request failed: %2</source>
        <translation>Catálogo %1: la solicitud falló: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CountryNames</name>
    <message>
        <location filename="../core/model/countrynames.cpp" line="+23"/>
        <source>United States</source>
        <comment>country</comment>
        <translation>Estados Unidos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Afghanistan</source>
        <comment>country</comment>
        <translation>Afganistán</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Åland Islands</source>
        <comment>country</comment>
        <translation>Islas Aland</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Albania</source>
        <comment>country</comment>
        <translation>Albania</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Algeria</source>
        <comment>country</comment>
        <translation>Argelia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>American Samoa</source>
        <comment>country</comment>
        <translation>Samoa Americana</translation>
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
        <translation>Anguila</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Antarctica</source>
        <comment>country</comment>
        <translation>Antártida</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Argentina</source>
        <comment>country</comment>
        <translation>Argentina</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Armenia</source>
        <comment>country</comment>
        <translation>Armenia</translation>
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
        <translation>Australia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Austria</source>
        <comment>country</comment>
        <translation>Austria</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Azerbaijan</source>
        <comment>country</comment>
        <translation>Azerbaiyán</translation>
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
        <translation>Baréin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bangladesh</source>
        <comment>country</comment>
        <translation>Bangladés</translation>
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
        <translation>Bielorrusia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belgium</source>
        <comment>country</comment>
        <translation>Bélgica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Belize</source>
        <comment>country</comment>
        <translation>Belice</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Benin</source>
        <comment>country</comment>
        <translation>Benín</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bermuda</source>
        <comment>country</comment>
        <translation>Bermudas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bhutan</source>
        <comment>country</comment>
        <translation>Bután</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bolivia</source>
        <comment>country</comment>
        <translation>Bolivia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Caribbean Netherlands</source>
        <comment>country</comment>
        <translation>Caribe neerlandés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bosnia and Herzegovina</source>
        <comment>country</comment>
        <translation>Bosnia y Herzegovina</translation>
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
        <translation>Isla Bouvet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brazil</source>
        <comment>country</comment>
        <translation>Brasil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>British Indian Ocean Territory</source>
        <comment>country</comment>
        <translation>Territorio Británico del Océano Índico</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brunei</source>
        <comment>country</comment>
        <translation>Brunéi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bulgaria</source>
        <comment>country</comment>
        <translation>Bulgaria</translation>
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
        <translation>Camboya</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cameroon</source>
        <comment>country</comment>
        <translation>Camerún</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Canada</source>
        <comment>country</comment>
        <translation>Canadá</translation>
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
        <translation>Islas Caimán</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Central African Republic</source>
        <comment>country</comment>
        <translation>República Centroafricana</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Chad</source>
        <comment>country</comment>
        <translation>Chad</translation>
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
        <translation>Isla de Navidad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cocos (Keeling) Islands</source>
        <comment>country</comment>
        <translation>Islas Cocos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Colombia</source>
        <comment>country</comment>
        <translation>Colombia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comoros</source>
        <comment>country</comment>
        <translation>Comoras</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Congo - Brazzaville</source>
        <comment>country</comment>
        <translation>Congo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cook Islands</source>
        <comment>country</comment>
        <translation>Islas Cook</translation>
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
        <translation>Croacia</translation>
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
        <translation>Curazao</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cyprus</source>
        <comment>country</comment>
        <translation>Chipre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Czechia</source>
        <comment>country</comment>
        <translation>Chequia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Congo - Kinshasa</source>
        <comment>country</comment>
        <translation>República Democrática del Congo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Denmark</source>
        <comment>country</comment>
        <translation>Dinamarca</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Djibouti</source>
        <comment>country</comment>
        <translation>Yibuti</translation>
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
        <translation>República Dominicana</translation>
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
        <translation>Egipto</translation>
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
        <translation>Guinea Ecuatorial</translation>
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
        <translation>Estonia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ethiopia</source>
        <comment>country</comment>
        <translation>Etiopía</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Falkland Islands</source>
        <comment>country</comment>
        <translation>Islas Malvinas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Faroe Islands</source>
        <comment>country</comment>
        <translation>Islas Feroe</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fiji</source>
        <comment>country</comment>
        <translation>Fiyi</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finland</source>
        <comment>country</comment>
        <translation>Finlandia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>France</source>
        <comment>country</comment>
        <translation>Francia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Guiana</source>
        <comment>country</comment>
        <translation>Guayana Francesa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Polynesia</source>
        <comment>country</comment>
        <translation>Polinesia Francesa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>French Southern Territories</source>
        <comment>country</comment>
        <translation>Territorios Australes Franceses</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gabon</source>
        <comment>country</comment>
        <translation>Gabón</translation>
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
        <translation>Georgia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Germany</source>
        <comment>country</comment>
        <translation>Alemania</translation>
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
        <translation>Grecia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Greenland</source>
        <comment>country</comment>
        <translation>Groenlandia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grenada</source>
        <comment>country</comment>
        <translation>Granada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guadeloupe</source>
        <comment>country</comment>
        <translation>Guadalupe</translation>
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
        <translation>Guinea</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Guinea-Bissau</source>
        <comment>country</comment>
        <translation>Guinea-Bisáu</translation>
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
        <translation>Haití</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>Antigua and Barbuda</source>
        <comment>country</comment>
        <translation>Antigua y Barbuda</translation>
    </message>
    <message>
        <location line="+87"/>
        <source>Heard and McDonald Islands</source>
        <comment>country</comment>
        <translation>Islas Heard y McDonald</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Vatican City</source>
        <comment>country</comment>
        <translation>Ciudad del Vaticano</translation>
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
        <translation>Hungría</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Iceland</source>
        <comment>country</comment>
        <translation>Islandia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>India</source>
        <comment>country</comment>
        <translation>India</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Indonesia</source>
        <comment>country</comment>
        <translation>Indonesia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Iran</source>
        <comment>country</comment>
        <translation>Irán</translation>
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
        <translation>Irlanda</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Isle of Man</source>
        <comment>country</comment>
        <translation>Isla de Man</translation>
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
        <translation>Italia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Jamaica</source>
        <comment>country</comment>
        <translation>Jamaica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Japan</source>
        <comment>country</comment>
        <translation>Japón</translation>
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
        <translation>Jordania</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Kazakhstan</source>
        <comment>country</comment>
        <translation>Kazajistán</translation>
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
        <translation>Corea del Sur</translation>
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
        <translation>Kirguistán</translation>
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
        <translation>Letonia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lebanon</source>
        <comment>country</comment>
        <translation>Líbano</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lesotho</source>
        <comment>country</comment>
        <translation>Lesoto</translation>
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
        <translation>Libia</translation>
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
        <translation>Lituania</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Luxembourg</source>
        <comment>country</comment>
        <translation>Luxemburgo</translation>
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
        <translation>Macedonia del Norte</translation>
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
        <translation>Malaui</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Malaysia</source>
        <comment>country</comment>
        <translation>Malasia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maldives</source>
        <comment>country</comment>
        <translation>Maldivas</translation>
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
        <translation>Islas Marshall</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Martinique</source>
        <comment>country</comment>
        <translation>Martinica</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mauritania</source>
        <comment>country</comment>
        <translation>Mauritania</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mauritius</source>
        <comment>country</comment>
        <translation>Mauricio</translation>
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
        <translation>México</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Micronesia</source>
        <comment>country</comment>
        <translation>Micronesia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Moldova</source>
        <comment>country</comment>
        <translation>Moldavia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monaco</source>
        <comment>country</comment>
        <translation>Mónaco</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mongolia</source>
        <comment>country</comment>
        <translation>Mongolia</translation>
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
        <translation>Marruecos</translation>
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
        <translation>Myanmar (Birmania)</translation>
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
        <translation>Países Bajos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Netherlands Antilles</source>
        <comment>country</comment>
        <translation>Antillas Neerlandesas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Caledonia</source>
        <comment>country</comment>
        <translation>Nueva Caledonia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Zealand</source>
        <comment>country</comment>
        <translation>Nueva Zelanda</translation>
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
        <translation>Níger</translation>
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
        <translation>Isla Norfolk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Northern Mariana Islands</source>
        <comment>country</comment>
        <translation>Islas Marianas del Norte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Norway</source>
        <comment>country</comment>
        <translation>Noruega</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Oman</source>
        <comment>country</comment>
        <translation>Omán</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pakistan</source>
        <comment>country</comment>
        <translation>Pakistán</translation>
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
        <translation>Territorios Palestinos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Panama</source>
        <comment>country</comment>
        <translation>Panamá</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Papua New Guinea</source>
        <comment>country</comment>
        <translation>Papúa Nueva Guinea</translation>
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
        <translation>Perú</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Philippines</source>
        <comment>country</comment>
        <translation>Filipinas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pitcairn Islands</source>
        <comment>country</comment>
        <translation>Islas Pitcairn</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Poland</source>
        <comment>country</comment>
        <translation>Polonia</translation>
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
        <translation>Catar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Réunion</source>
        <comment>country</comment>
        <translation>Reunión</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Romania</source>
        <comment>country</comment>
        <translation>Rumanía</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Russia</source>
        <comment>country</comment>
        <translation>Rusia</translation>
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
        <translation>San Bartolomé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Helena</source>
        <comment>country</comment>
        <translation>Santa Elena</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Kitts and Nevis</source>
        <comment>country</comment>
        <translation>San Cristóbal y Nieves</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>St. Pierre and Miquelon</source>
        <comment>country</comment>
        <translation>San Pedro y Miquelón</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Vincent and Grenadines</source>
        <comment>country</comment>
        <translation>San Vicente y las Granadinas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>São Tomé and Príncipe</source>
        <comment>country</comment>
        <translation>Santo Tomé y Príncipe</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>South Georgia and South Sandwich Islands</source>
        <comment>country</comment>
        <translation>Islas Georgia del Sur y Sandwich del Sur</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Svalbard and Jan Mayen</source>
        <comment>country</comment>
        <translation>Svalbard y Jan Mayen</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Trinidad and Tobago</source>
        <comment>country</comment>
        <translation>Trinidad y Tobago</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Turks and Caicos Islands</source>
        <comment>country</comment>
        <translation>Islas Turcas y Caicos</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Wallis and Futuna</source>
        <comment>country</comment>
        <translation>Wallis y Futuna</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>St. Lucia</source>
        <comment>country</comment>
        <translation>Santa Lucía</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>St. Martin</source>
        <comment>country</comment>
        <translation>San Martín</translation>
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
        <translation>Arabia Saudí</translation>
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
        <translation>Serbia</translation>
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
        <translation>Sierra Leona</translation>
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
        <translation>Eslovaquia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Slovenia</source>
        <comment>country</comment>
        <translation>Eslovenia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Solomon Islands</source>
        <comment>country</comment>
        <translation>Islas Salomón</translation>
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
        <translation>Sudáfrica</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>South Sudan</source>
        <comment>country</comment>
        <translation>Sudán del Sur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spain</source>
        <comment>country</comment>
        <translation>España</translation>
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
        <translation>Sudán</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Suriname</source>
        <comment>country</comment>
        <translation>Surinam</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Eswatini</source>
        <comment>country</comment>
        <translation>Esuatini</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sweden</source>
        <comment>country</comment>
        <translation>Suecia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Switzerland</source>
        <comment>country</comment>
        <translation>Suiza</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Syria</source>
        <comment>country</comment>
        <translation>Siria</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Taiwan</source>
        <comment>country</comment>
        <translation>Taiwán</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tajikistan</source>
        <comment>country</comment>
        <translation>Tayikistán</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tanzania</source>
        <comment>country</comment>
        <translation>Tanzania</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Thailand</source>
        <comment>country</comment>
        <translation>Tailandia</translation>
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
        <translation>Túnez</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turkey</source>
        <comment>country</comment>
        <translation>Turquía</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Turkmenistan</source>
        <comment>country</comment>
        <translation>Turkmenistán</translation>
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
        <translation>Ucrania</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>United Arab Emirates</source>
        <comment>country</comment>
        <translation>Emiratos Árabes Unidos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>United Kingdom</source>
        <comment>country</comment>
        <translation>Reino Unido</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>U.S. Outlying Islands</source>
        <comment>country</comment>
        <translation>Islas menores alejadas de EE. UU.</translation>
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
        <translation>Uzbekistán</translation>
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
        <translation>Islas Vírgenes Británicas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>U.S. Virgin Islands</source>
        <comment>country</comment>
        <translation>Islas Vírgenes de EE. UU.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Western Sahara</source>
        <comment>country</comment>
        <translation>Sáhara Occidental</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yemen</source>
        <comment>country</comment>
        <translation>Yemen</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zambia</source>
        <comment>country</comment>
        <translation>Zambia</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Zimbabwe</source>
        <comment>country</comment>
        <translation>Zimbabue</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CredentialProcessProvider</name>
    <message>
        <location filename="../core/aws/credentialprocessprovider.cpp" line="+58"/>
        <source>credential_process of profile %1</source>
        <translation>credential_process del perfil %1</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The credential_process of profile %1 failed: %2</source>
        <translation>El credential_process del perfil %1 falló: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The credential_process (%1) of profile %2 failed: %3</source>
        <translation>El credential_process (%1) del perfil %2 falló: %3</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The credential_process of profile %1 cannot be run: %2</source>
        <translation>No se puede ejecutar el credential_process del perfil %1: %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>the command is empty.</source>
        <translation>el comando está vacío.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>it could not be started (%1).</source>
        <translation>no se pudo iniciar (%1).</translation>
    </message>
    <message>
        <location line="+14"/>
        <source> Its error output: %1</source>
        <translation> Su salida de error: %1</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>it did not finish within %n second(s).</source>
        <translation>
            <numerusform>no terminó en %n segundo.</numerusform>
            <numerusform>no terminó en %n segundos.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>its output exceeded %1 KiB.</source>
        <translation>su salida superó %1 KiB.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it crashed.</source>
        <translation>se bloqueó.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it exited with code %1.</source>
        <translation>terminó con el código %1.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>it returned credentials that expired at %1.</source>
        <translation>devolvió credenciales que caducaron el %1.</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>its output is not a JSON object.</source>
        <translation>su salida no es un objeto JSON.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>its output has no &quot;Version&quot; (expected 1).</source>
        <translation>su salida no tiene &quot;Version&quot; (se esperaba 1).</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>its output has an unsupported &quot;Version&quot; (only 1 is supported).</source>
        <translation>su salida tiene una &quot;Version&quot; no admitida (solo se admite 1).</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>its output has no &quot;AccessKeyId&quot; string.</source>
        <translation>su salida no tiene la cadena &quot;AccessKeyId&quot;.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its output has no &quot;SecretAccessKey&quot; string.</source>
        <translation>su salida no tiene la cadena &quot;SecretAccessKey&quot;.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its &quot;SessionToken&quot; is not a string.</source>
        <translation>su &quot;SessionToken&quot; no es una cadena.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>its &quot;Expiration&quot; is not a string.</source>
        <translation>su &quot;Expiration&quot; no es una cadena.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>its &quot;Expiration&quot; is not an ISO 8601 date-time: %1</source>
        <translation>su &quot;Expiration&quot; no es una fecha y hora ISO 8601: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::CsvWriter</name>
    <message>
        <location filename="../core/output/csvwriter.cpp" line="+105"/>
        <source>The CSV output is not open for writing.</source>
        <translation>La salida CSV no está abierta para escritura.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not write the CSV output: %1</source>
        <translation>No se pudo escribir la salida CSV: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::DetailsLoader</name>
    <message>
        <location filename="../core/model/detailsloader.cpp" line="+68"/>
        <source>Not connected.</source>
        <translation>Sin conexión.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::EndpointPolicy</name>
    <message>
        <location filename="../core/http/endpointpolicy.cpp" line="+22"/>
        <source>The endpoint URL &quot;%1&quot; is not a valid URL with a host name.</source>
        <translation>La URL del punto de enlace «%1» no es una URL válida con nombre de host.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The endpoint URL &quot;%1&quot; must start with https://.</source>
        <translation>La URL del punto de enlace «%1» debe empezar por https://.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refusing the plain-HTTP endpoint &quot;%1&quot;: the request and its signature would travel unencrypted. Use https://, or http:// only with a loopback address (127.0.0.1, ::1 or localhost).</source>
        <translation>Se rechaza el punto de enlace HTTP sin cifrar «%1»: la solicitud y su firma viajarían sin cifrar. Use https://, o http:// solo con una dirección de bucle invertido (127.0.0.1, ::1 o localhost).</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Refusing to send plain-HTTP requests for &quot;%1&quot; through the proxy %2: the request and its signature would travel unencrypted. Add the endpoint&apos;s host to NO_PROXY, or use a proxy on this computer.</source>
        <translation>Se rechaza enviar solicitudes HTTP sin cifrar para «%1» a través del proxy %2: la solicitud y su firma viajarían sin cifrar. Añada el host del punto de enlace a NO_PROXY o use un proxy en este equipo.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpClient</name>
    <message>
        <location filename="../core/http/httpclient.cpp" line="+244"/>
        <source>The proxy %1 did not answer the tunnel request with HTTP: %2</source>
        <translation>El proxy %1 no respondió con HTTP a la solicitud de túnel: %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The proxy %1 refused the tunnel to %2 with HTTP %3 %4.</source>
        <translation>El proxy %1 rechazó el túnel hacia %2 con HTTP %3 %4.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The proxy %1 sent data before the TLS handshake with %2.</source>
        <translation>El proxy %1 envió datos antes de la negociación TLS con %2.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The proxy %1 answered 407 (Proxy authentication required): it refused the user name and password of the proxy URL.</source>
        <translation>El proxy %1 respondió 407 (se requiere autenticación del proxy): rechazó el nombre de usuario y la contraseña de la URL del proxy.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The proxy %1 answered 407 (Proxy authentication required): give the proxy URL a user name and password, as http://user:password@host:port.</source>
        <translation>El proxy %1 respondió 407 (se requiere autenticación del proxy): indique un nombre de usuario y una contraseña en la URL del proxy, como http://usuario:contraseña@host:puerto.</translation>
    </message>
    <message>
        <location line="+58"/>
        <source>The proxy %1 closed the connection instead of opening a tunnel to %2.</source>
        <translation>El proxy %1 cerró la conexión en lugar de abrir un túnel hacia %2.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>The TLS handshake with %1 failed: %2</source>
        <translation>La negociación TLS con %1 falló: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Could not connect to the proxy %1: %2</source>
        <translation>No se pudo conectar con el proxy %1: %2</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The proxy %1 did not answer the tunnel request within %2 ms.</source>
        <translation>El proxy %1 no respondió a la solicitud de túnel en %2 ms.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No data arrived for %1 ms; the exchange timed out.</source>
        <translation>No llegaron datos durante %1 ms; el intercambio agotó el tiempo de espera.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpReply</name>
    <message>
        <location line="+58"/>
        <source>The request was cancelled.</source>
        <translation>Se canceló la solicitud.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::HttpResponseParser</name>
    <message>
        <location filename="../core/http/httpresponseparser.cpp" line="+159"/>
        <source>The connection closed without a response.</source>
        <translation>La conexión se cerró sin respuesta.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The connection closed in the middle of the response header.</source>
        <translation>La conexión se cerró en mitad del encabezado de la respuesta.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connection closed after %1 bytes of the response body.</source>
        <translation>La conexión se cerró después de %1 bytes del cuerpo de la respuesta.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>A line of the response is longer than %1 KiB.</source>
        <translation>Una línea de la respuesta ocupa más de %1 KiB.</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>The response does not start with an HTTP/1.x status line.</source>
        <translation>La respuesta no empieza con una línea de estado HTTP/1.x.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>The response folds a header field over several lines.</source>
        <translation>La respuesta divide un campo de encabezado en varias líneas.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The response has a malformed header field.</source>
        <translation>La respuesta tiene un campo de encabezado mal formado.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The server switched protocols, which was not asked for.</source>
        <translation>El servidor cambió de protocolo sin que se le pidiera.</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>The response has an invalid or conflicting Content-Length.</source>
        <translation>La respuesta tiene un Content-Length no válido o contradictorio.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The response announces %1 bytes, more than the %2 accepted.</source>
        <translation>La respuesta anuncia %1 bytes, más de los %2 aceptados.</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>A chunk of the response runs past its size.</source>
        <translation>Un fragmento de la respuesta supera su tamaño declarado.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The response has an invalid chunk size.</source>
        <translation>La respuesta tiene un tamaño de fragmento no válido.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+13"/>
        <source>The response is larger than the %1 bytes accepted.</source>
        <translation>La respuesta ocupa más de los %1 bytes aceptados.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::KeychainCredentialStore</name>
    <message>
        <location filename="../core/aws/keychaincredentialstore.cpp" line="+44"/>
        <source>Nothing is stored in the system keychain under “%1”.</source>
        <translation>No hay nada guardado en el llavero del sistema con el nombre «%1».</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No system keychain is available (on Linux, a Secret Service such as GNOME Keyring or KWallet must be running and unlocked).</source>
        <translation>No hay ningún llavero del sistema disponible (en Linux debe estar en ejecución y desbloqueado un Secret Service como GNOME Keyring o KWallet).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Access to “%1” in the system keychain was denied.</source>
        <translation>Se denegó el acceso a «%1» en el llavero del sistema.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reading “%1” from the system keychain failed.</source>
        <translation>No se pudo leer «%1» del llavero del sistema.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Storing “%1” in the system keychain failed.</source>
        <translation>No se pudo guardar «%1» en el llavero del sistema.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Removing “%1” from the system keychain failed.</source>
        <translation>No se pudo eliminar «%1» del llavero del sistema.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>system keychain</source>
        <translation>llavero del sistema</translation>
    </message>
</context>
<context>
    <name>Pd::Core::KeychainCredentialsProvider</name>
    <message>
        <location filename="../core/aws/keychaincredentialsprovider.cpp" line="+21"/>
        <source>PartnerDesk profile %1 (%2)</source>
        <translation>perfil de PartnerDesk %1 (%2)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>PartnerDesk profile %1 has no access key id.</source>
        <translation>El perfil de PartnerDesk %1 no tiene ID de clave de acceso.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The secret access key of PartnerDesk profile %1 is missing from the %2. Enter it again in the profile settings.</source>
        <translation>Falta la clave de acceso secreta del perfil de PartnerDesk %1 en el %2. Vuelva a introducirla en la configuración del perfil.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The secret access key of PartnerDesk profile %1 could not be read: %2</source>
        <translation>No se pudo leer la clave de acceso secreta del perfil de PartnerDesk %1: %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The session token of PartnerDesk profile %1 could not be read: %2</source>
        <translation>No se pudo leer el token de sesión del perfil de PartnerDesk %1: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ListOpportunitiesRequest</name>
    <message>
        <location filename="../core/api/listopportunitiesrequest.cpp" line="+150"/>
        <source>%1 accepts at most %2 values; %3 were given.</source>
        <translation>%1 admite como máximo %2 valores; se indicaron %3.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+514"/>
        <source>%1 is not a valid %2. Allowed values (exact spelling): %3.</source>
        <translation>%1 no es un valor válido para %2. Valores permitidos (con la grafía exacta): %3.</translation>
    </message>
    <message>
        <location line="-492"/>
        <source>%1 must lie between the years 0000 and 9999 (UTC).</source>
        <translation>%1 debe estar entre los años 0000 y 9999 (UTC).</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+26"/>
        <source>%1 (%2) must not be later than %3 (%4).</source>
        <translation>%1 (%2) no puede ser posterior a %3 (%4).</translation>
    </message>
    <message>
        <location line="-9"/>
        <source>%1 is not a valid %2; expected a date as YYYY-MM-DD, e.g. 2026-12-31.</source>
        <translation>%1 no es un valor válido para %2; se esperaba una fecha con el formato AAAA-MM-DD, p. ej. 2026-12-31.</translation>
    </message>
    <message>
        <location line="+55"/>
        <source>%1 must be %2.</source>
        <translation>%1 debe ser %2.</translation>
    </message>
    <message>
        <location line="+9"/>
        <location line="+24"/>
        <source>a string</source>
        <translation>una cadena</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>a list of strings</source>
        <translation>una lista de cadenas</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>a non-string value</source>
        <translation>un valor que no es una cadena</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 is not a valid %2; expected an RFC 3339 date-time string such as 2026-08-01T00:00:00Z.</source>
        <translation>%1 no es un valor válido para %2; se esperaba una fecha y hora RFC 3339, como 2026-08-01T00:00:00Z.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>an object</source>
        <translation>un objeto</translation>
    </message>
    <message>
        <location line="+282"/>
        <source>Catalog is required: use &quot;AWS&quot; for production or &quot;Sandbox&quot; for testing.</source>
        <translation>Catalog es obligatorio: use &quot;AWS&quot; para producción o &quot;Sandbox&quot; para pruebas.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>%1 is not a valid Catalog; use &quot;AWS&quot; for production or &quot;Sandbox&quot; for testing.</source>
        <translation>%1 no es un Catalog válido; use &quot;AWS&quot; para producción o &quot;Sandbox&quot; para pruebas.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 is required: an opportunity identifier, e.g. O1234567.</source>
        <translation>%1 es obligatorio: un identificador de oportunidad, p. ej. O1234567.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>MaxResults must be between %1 and %2; %3 was given.</source>
        <translation>MaxResults debe estar entre %1 y %2; se indicó %3.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 is required when Sort is given. Allowed values: %2.</source>
        <translation>%1 es obligatorio cuando se indica Sort. Valores permitidos: %2.</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>%1 is not a valid opportunity identifier; expected &quot;O&quot; followed by 1 to 19 digits, e.g. O1234567.</source>
        <translation>%1 no es un identificador de oportunidad válido; se esperaba &quot;O&quot; seguida de 1 a 19 dígitos, p. ej. O1234567.</translation>
    </message>
    <message>
        <location line="+61"/>
        <source>stage</source>
        <translation>etapa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>review status</source>
        <translation>estado de revisión</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>The request is not valid JSON: %1 at offset %2.</source>
        <translation>La solicitud no es JSON válido: %1 en la posición %2.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The request must be a JSON object.</source>
        <translation>La solicitud debe ser un objeto JSON.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+11"/>
        <source>a whole number</source>
        <translation>un número entero</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>MaxResults must be between %1 and %2.</source>
        <translation>MaxResults debe estar entre %1 y %2.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ListOpportunitiesResponse</name>
    <message>
        <location filename="../core/api/opportunitysummary.cpp" line="+358"/>
        <source>The response is not a JSON object.</source>
        <translation>La respuesta no es un objeto JSON.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The response has no OpportunitySummaries list.</source>
        <translation>La respuesta no tiene la lista OpportunitySummaries.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 must be %2.</source>
        <translation>%1 debe ser %2.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>a string</source>
        <translation>una cadena</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a date-time string</source>
        <translation>una cadena de fecha y hora</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>an object</source>
        <translation>un objeto</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>a list</source>
        <translation>una lista</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a list of strings</source>
        <translation>una lista de cadenas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>a list of objects</source>
        <translation>una lista de objetos</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>The response is not valid JSON: %1.</source>
        <translation>La respuesta no es JSON válido: %1.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OperationCall</name>
    <message>
        <location filename="../core/api/operationcall.cpp" line="+29"/>
        <source>The client of this call no longer exists.</source>
        <translation>El cliente de esta llamada ya no existe.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The request was cancelled.</source>
        <translation>Se canceló la solicitud.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The service sent a response that could not be read: %1</source>
        <translation>El servicio envió una respuesta que no se pudo leer: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityLister</name>
    <message>
        <location filename="../core/api/opportunitylister.cpp" line="+194"/>
        <source>No client to call the service with.</source>
        <translation>No hay ningún cliente para llamar al servicio.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The listing was cancelled.</source>
        <translation>Se canceló el listado.</translation>
    </message>
    <message>
        <location line="+125"/>
        <source>The service sent the same NextToken twice in a row.</source>
        <translation>El servicio envió el mismo NextToken dos veces seguidas.</translation>
    </message>
    <message>
        <location line="+328"/>
        <source>No page of the listing succeeded in %1 s.</source>
        <translation>Ninguna página del listado se completó en %1 s.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityModel</name>
    <message>
        <location filename="../core/model/opportunitymodel.cpp" line="+481"/>
        <source>Title</source>
        <translation>Título</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Owner</source>
        <translation>Responsable</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Project.Title, from the opportunity&apos;s details</source>
        <translation>Project.Title, de los detalles de la oportunidad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The first member of the opportunity team, from its details</source>
        <translation>El primer miembro del equipo de la oportunidad, de sus detalles</translation>
    </message>
    <message>
        <location line="+224"/>
        <source>The service sent a response that could not be read: %1</source>
        <translation>El servicio envió una respuesta que no se pudo leer: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::OpportunityStoreDb</name>
    <message>
        <location filename="../core/store/opportunitystoredb.cpp" line="+361"/>
        <source>A sync is running on %1 (%2); the local copy was not deleted.</source>
        <translation>Hay una sincronización en curso en %1 (%2); la copia local no se eliminó.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Could not delete %1: %2</source>
        <translation>No se pudo eliminar %1: %2</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Could not create the folder %1 for the local copy.</source>
        <translation>No se pudo crear la carpeta %1 para la copia local.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>There is no local copy at %1: run partnerdesk-cli sync first.</source>
        <translation>No hay ninguna copia local en %1: ejecute primero partnerdesk-cli sync.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>it is not an SQLite database</source>
        <translation>no es una base de datos SQLite</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Could not open the local copy %1: %2</source>
        <translation>No se pudo abrir la copia local %1: %2</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>it needs an update, and its folder is read-only</source>
        <translation>necesita una actualización y su carpeta es de solo lectura</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>The local copy %1 is unusable (%2) and could not be renamed aside.</source>
        <translation>La copia local %1 no se puede usar (%2) y no se pudo renombrar para apartarla.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The local copy %1 was unusable (%2). It was renamed to %3 and a new local copy is built.</source>
        <translation>La copia local %1 no se podía usar (%2). Se renombró a %3 y se está creando una copia local nueva.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Could not prepare the local copy %1: %2</source>
        <translation>No se pudo preparar la copia local %1: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>it was written by a newer PartnerDesk (schema %1; this one knows %2)</source>
        <translation>la escribió una versión más reciente de PartnerDesk (esquema %1; esta conoce %2)</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>it is not a PartnerDesk local copy</source>
        <translation>no es una copia local de PartnerDesk</translation>
    </message>
    <message>
        <location line="+85"/>
        <source>The local copy %1 is empty and its folder is read-only.</source>
        <translation>La copia local %1 está vacía y su carpeta es de solo lectura.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>record whose data it holds</source>
        <translation>registrar de quién son los datos que contiene</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The local copy %1 holds catalog %2 of %3 at %4, not catalog %5 of %6 at %7; give another --store file.</source>
        <translation>La copia local %1 contiene el catálogo %2 de %3 en %4, no el catálogo %5 de %6 en %7; indique otro archivo --store.</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>the disk is full</source>
        <translation>el disco está lleno</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the file or its folder is read-only</source>
        <translation>el archivo o su carpeta es de solo lectura</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>a disk error (%1); the disk may be full</source>
        <translation>un error de disco (%1); puede que el disco esté lleno</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Could not %1 in the local copy %2: %3. What it held before stays readable.</source>
        <translation>No se pudo %1 en la copia local %2: %3. Lo que contenía antes sigue siendo legible.</translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+17"/>
        <location line="+15"/>
        <location line="+91"/>
        <location line="+15"/>
        <source>read the opportunities</source>
        <translation>leer las oportunidades</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+8"/>
        <location line="+8"/>
        <location line="+15"/>
        <source>record what was seen</source>
        <translation>registrar lo que se vio</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Could not sync the local copy %1: the file or its folder is read-only. What it held before stays readable.</source>
        <translation>No se pudo sincronizar la copia local %1: el archivo o su carpeta es de solo lectura. Lo que contenía antes sigue siendo legible.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+7"/>
        <location line="+7"/>
        <location line="+4"/>
        <location line="+8"/>
        <source>begin a sync</source>
        <translation>iniciar una sincronización</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>store a page of opportunities</source>
        <translation>guardar una página de oportunidades</translation>
    </message>
    <message>
        <location line="+185"/>
        <source>mark removed opportunities</source>
        <translation>marcar las oportunidades eliminadas</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>end the sync</source>
        <translation>finalizar la sincronización</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>record the end of a sync</source>
        <translation>registrar el final de una sincronización</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>this program</source>
        <translation>este programa</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>process %1 on %2</source>
        <translation>el proceso %1 en %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the lock file cannot be created: the folder is read-only</source>
        <translation>no se puede crear el archivo de bloqueo: la carpeta es de solo lectura</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>another process</source>
        <translation>otro proceso</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>keep the details of an opportunity</source>
        <translation>guardar los detalles de una oportunidad</translation>
    </message>
    <message>
        <location line="+78"/>
        <location line="+14"/>
        <source>read the kept details</source>
        <translation>leer los detalles guardados</translation>
    </message>
    <message>
        <location line="+14"/>
        <location line="+8"/>
        <source>count a read request</source>
        <translation>contar una solicitud de lectura</translation>
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
        <translation>Prospecto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Qualified</source>
        <comment>stage</comment>
        <translation>Calificada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Technical Validation</source>
        <comment>stage</comment>
        <translation>Validación técnica</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Business Validation</source>
        <comment>stage</comment>
        <translation>Validación de negocio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Committed</source>
        <comment>stage</comment>
        <translation>Comprometida</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Launched</source>
        <comment>stage</comment>
        <translation>Lanzada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed Lost</source>
        <comment>stage</comment>
        <translation>Cerrada perdida</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Pending Submission</source>
        <comment>review status</comment>
        <translation>Pendiente de envío</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Submitted</source>
        <comment>review status</comment>
        <translation>Enviada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In Review</source>
        <comment>review status</comment>
        <translation>En revisión</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <comment>review status</comment>
        <translation>Aprobada</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <comment>review status</comment>
        <translation>Rechazada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Action Required</source>
        <comment>review status</comment>
        <translation>Acción necesaria</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Net New Business</source>
        <comment>opportunity type</comment>
        <translation>Negocio nuevo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Flat Renewal</source>
        <comment>opportunity type</comment>
        <translation>Renovación sin cambios</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expansion</source>
        <comment>opportunity type</comment>
        <translation>Ampliación</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Customer Deficiency</source>
        <comment>closed lost reason</comment>
        <translation>Carencia del cliente</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Delay / Cancellation of Project</source>
        <comment>closed lost reason</comment>
        <translation>Retraso / cancelación del proyecto</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Legal / Tax / Regulatory</source>
        <comment>closed lost reason</comment>
        <translation>Legal / fiscal / normativo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Google</source>
        <comment>closed lost reason</comment>
        <translation>Perdida frente a la competencia – Google</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Microsoft</source>
        <comment>closed lost reason</comment>
        <translation>Perdida frente a la competencia – Microsoft</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - SoftLayer</source>
        <comment>closed lost reason</comment>
        <translation>Perdida frente a la competencia – SoftLayer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - VMware</source>
        <comment>closed lost reason</comment>
        <translation>Perdida frente a la competencia – VMware</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost to Competitor - Other</source>
        <comment>closed lost reason</comment>
        <translation>Perdida frente a la competencia – Otro</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No Opportunity</source>
        <comment>closed lost reason</comment>
        <translation>Sin oportunidad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>On-Premises Deployment</source>
        <comment>closed lost reason</comment>
        <translation>Implementación local</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Partner Gap</source>
        <comment>closed lost reason</comment>
        <translation>Carencia del socio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <comment>closed lost reason</comment>
        <translation>Precio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Security / Compliance</source>
        <comment>closed lost reason</comment>
        <translation>Seguridad / cumplimiento</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Technical Limitations</source>
        <comment>closed lost reason</comment>
        <translation>Limitaciones técnicas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer Experience</source>
        <comment>closed lost reason</comment>
        <translation>Experiencia del cliente</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other</source>
        <comment>closed lost reason</comment>
        <translation>Otro</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>People, Relationship, Governance</source>
        <comment>closed lost reason</comment>
        <translation>Personas, relación, gobernanza</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Product, Technology</source>
        <comment>closed lost reason</comment>
        <translation>Producto, tecnología</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Financial, Commercial</source>
        <comment>closed lost reason</comment>
        <translation>Financiero, comercial</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Aerospace</source>
        <comment>industry</comment>
        <translation>Aeroespacial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Agriculture</source>
        <comment>industry</comment>
        <translation>Agricultura</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Automotive</source>
        <comment>industry</comment>
        <translation>Automoción</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Computers and Electronics</source>
        <comment>industry</comment>
        <translation>Informática y electrónica</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Consumer Goods</source>
        <comment>industry</comment>
        <translation>Bienes de consumo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Education</source>
        <comment>industry</comment>
        <translation>Educación</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Energy - Oil and Gas</source>
        <comment>industry</comment>
        <translation>Energía – petróleo y gas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Energy - Power and Utilities</source>
        <comment>industry</comment>
        <translation>Energía – electricidad y suministros</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Financial Services</source>
        <comment>industry</comment>
        <translation>Servicios financieros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Gaming</source>
        <comment>industry</comment>
        <translation>Videojuegos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Government</source>
        <comment>industry</comment>
        <translation>Sector público</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Healthcare</source>
        <comment>industry</comment>
        <translation>Sanidad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hospitality</source>
        <comment>industry</comment>
        <translation>Hostelería</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Life Sciences</source>
        <comment>industry</comment>
        <translation>Ciencias de la vida</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Manufacturing</source>
        <comment>industry</comment>
        <translation>Fabricación</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Marketing and Advertising</source>
        <comment>industry</comment>
        <translation>Marketing y publicidad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Media and Entertainment</source>
        <comment>industry</comment>
        <translation>Medios y entretenimiento</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mining</source>
        <comment>industry</comment>
        <translation>Minería</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Non-Profit Organization</source>
        <comment>industry</comment>
        <translation>Organización sin ánimo de lucro</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Professional Services</source>
        <comment>industry</comment>
        <translation>Servicios profesionales</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Real Estate and Construction</source>
        <comment>industry</comment>
        <translation>Inmobiliaria y construcción</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retail</source>
        <comment>industry</comment>
        <translation>Comercio minorista</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Software and Internet</source>
        <comment>industry</comment>
        <translation>Software e Internet</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Telecommunications</source>
        <comment>industry</comment>
        <translation>Telecomunicaciones</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transportation and Logistics</source>
        <comment>industry</comment>
        <translation>Transporte y logística</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Travel</source>
        <comment>industry</comment>
        <translation>Viajes</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Wholesale and Distribution</source>
        <comment>industry</comment>
        <translation>Comercio mayorista y distribución</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <comment>industry</comment>
        <translation>Otro</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SaaS or PaaS</source>
        <comment>delivery model</comment>
        <translation>SaaS o PaaS</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>BYOL or AMI</source>
        <comment>delivery model</comment>
        <translation>BYOL o AMI</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Managed Services</source>
        <comment>delivery model</comment>
        <translation>Servicios administrados</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Professional Services</source>
        <comment>delivery model</comment>
        <translation>Servicios profesionales</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Resell</source>
        <comment>delivery model</comment>
        <translation>Reventa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <comment>delivery model</comment>
        <translation>Otro</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>monthly</source>
        <comment>spend frequency</comment>
        <translation>al mes</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>one-time</source>
        <comment>spend frequency</comment>
        <translation>único</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Last modified</source>
        <comment>sort key</comment>
        <translation>Última modificación</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <comment>sort key</comment>
        <translation>Creación</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Identifier</source>
        <comment>sort key</comment>
        <translation>Identificador</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Company name</source>
        <comment>sort key</comment>
        <translation>Nombre de la empresa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target close date</source>
        <comment>sort key</comment>
        <translation>Fecha de cierre prevista</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ascending</source>
        <comment>sort order</comment>
        <translation>Ascendente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Descending</source>
        <comment>sort order</comment>
        <translation>Descendente</translation>
    </message>
    <message>
        <location line="+123"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Catalog</source>
        <translation>Catálogo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>ARN</source>
        <translation>ARN</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Partner CRM ID</source>
        <translation>ID de CRM del socio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Created</source>
        <translation>Creación</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last modified</source>
        <translation>Última modificación</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review status</source>
        <translation>Estado de revisión</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review status reason</source>
        <translation>Motivo del estado de revisión</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Review comments</source>
        <translation>Comentarios de revisión</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next steps</source>
        <translation>Próximos pasos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Target close</source>
        <translation>Cierre previsto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closed lost reason</source>
        <translation>Motivo de pérdida</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Company</source>
        <translation>Empresa</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Industry</source>
        <translation>Sector</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Other industry</source>
        <translation>Otro sector</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Website</source>
        <translation>Sitio web</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>City</source>
        <translation>Ciudad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Postal code</source>
        <translation>Código postal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>State or region</source>
        <translation>Estado o región</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Country</source>
        <translation>País</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delivery models</source>
        <translation>Modelos de entrega</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Expected spend</source>
        <translation>Gasto previsto</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Contract duration</source>
        <translation>Duración del contrato</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Duration unit</source>
        <translation>Unidad de duración</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>months</source>
        <comment>contract duration unit</comment>
        <translation>meses</translation>
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
            <numerusform>%n mes</numerusform>
            <numerusform>%n meses</numerusform>
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
        <translation>El nombre del perfil está vacío.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>The profile name is longer than %n character(s).</source>
        <translation>
            <numerusform>El nombre del perfil supera %n carácter.</numerusform>
            <numerusform>El nombre del perfil supera los %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The profile name starts or ends with a space.</source>
        <translation>El nombre del perfil empieza o termina con un espacio.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The profile name may not contain “/”, “\” or control characters.</source>
        <translation>El nombre del perfil no puede contener «/», «\» ni caracteres de control.</translation>
    </message>
    <message>
        <location line="+59"/>
        <source>Profile %1 needs an access key id and a secret access key.</source>
        <translation>El perfil %1 necesita un ID de clave de acceso y una clave de acceso secreta.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No credential store is available.</source>
        <translation>No hay ningún almacén de credenciales disponible.</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+10"/>
        <source>Profile %1 was not saved: %2</source>
        <translation>No se guardó el perfil %1: %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Profile %1 could not be written to %2.</source>
        <translation>No se pudo escribir el perfil %1 en %2.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>There is no PartnerDesk profile named %1.</source>
        <translation>No existe ningún perfil de PartnerDesk llamado %1.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Profile %1 was removed, but its secrets may remain in the keychain: %2</source>
        <translation>Se eliminó el perfil %1, pero puede que sus secretos sigan en el llavero: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::PipelineReportOutput</name>
    <message>
        <location filename="../core/output/pipelinereportoutput.cpp" line="+34"/>
        <source>Could not write the output: %1</source>
        <translation>No se pudo escribir la salida: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ProxyServer</name>
    <message>
        <location filename="../core/http/proxysettings.cpp" line="+38"/>
        <source>The proxy URL “%1” is not valid: %2</source>
        <translation>La URL del proxy «%1» no es válida: %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>it is empty.</source>
        <translation>está vacía.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>only http:// proxies are supported, not %1://. Requests to https endpoints travel encrypted through an http:// proxy.</source>
        <translation>solo se admiten proxies http://, no %1://. Las solicitudes a puntos de enlace https viajan cifradas a través de un proxy http://.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>expected http://[user:password@]host[:port].</source>
        <translation>se esperaba http://[usuario:contraseña@]host[:puerto].</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>a proxy URL has no path, query or fragment.</source>
        <translation>una URL de proxy no tiene ruta, consulta ni fragmento.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the port must be between 1 and 65535.</source>
        <translation>el puerto debe estar entre 1 y 65535.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ProxySettings</name>
    <message>
        <location line="+67"/>
        <source>%1 (The proxy came from %2.)</source>
        <translation>%1 (El proxy procede de %2.)</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ReadBudget</name>
    <message>
        <location filename="../core/store/readbudget.cpp" line="+165"/>
        <source>Reads in 24 h: %1 / %2</source>
        <translation>Lecturas en 24 h: %1 / %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>No read requests in the last 24 hours.</source>
        <translation>No hay solicitudes de lectura en las últimas 24 horas.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Read requests in the last 24 hours, counted by PartnerDesk (the quota is %1 a day, shared by every read):</source>
        <translation>Solicitudes de lectura de las últimas 24 horas, contadas por PartnerDesk (la cuota es de %1 al día, compartida por todas las lecturas):</translation>
    </message>
</context>
<context>
    <name>Pd::Core::SavedView</name>
    <message>
        <location filename="../core/model/savedview.cpp" line="+69"/>
        <source>&quot;%1&quot; must be a string.</source>
        <translation>&quot;%1&quot; debe ser una cadena.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>&quot;localFilter&quot; must be an object.</source>
        <translation>&quot;localFilter&quot; debe ser un objeto.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&quot;localFilter&quot;: unknown kind &quot;%1&quot;.</source>
        <translation>&quot;localFilter&quot;: tipo &quot;%1&quot; desconocido.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>&quot;localFilter&quot;: unknown attention view &quot;%1&quot;.</source>
        <translation>&quot;localFilter&quot;: vista de atención &quot;%1&quot; desconocida.</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>A view needs a name (&quot;name&quot;, a non-empty string).</source>
        <translation>Una vista necesita un nombre (&quot;name&quot;, una cadena no vacía).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>View &quot;%1&quot;: %2</source>
        <translation>Vista «%1»: %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&quot;filters&quot; must be an object of ListOpportunities members.</source>
        <translation>&quot;filters&quot; debe ser un objeto con miembros de ListOpportunities.</translation>
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
        <translation>&quot;columns&quot; debe ser una lista de nombres de columna.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&quot;sort&quot; must be {&quot;column&quot;: name, &quot;order&quot;: &quot;ascending&quot; or &quot;descending&quot;}.</source>
        <translation>&quot;sort&quot; debe ser {&quot;column&quot;: nombre, &quot;order&quot;: &quot;ascending&quot; o &quot;descending&quot;}.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Not valid JSON: %1 at offset %2.</source>
        <translation>JSON no válido: %1 en la posición %2.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Not a PartnerDesk view file: a JSON object is expected.</source>
        <translation>No es un archivo de vista de PartnerDesk: se esperaba un objeto JSON.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Not a PartnerDesk view file: &quot;version&quot; must be a positive whole number.</source>
        <translation>No es un archivo de vista de PartnerDesk: &quot;version&quot; debe ser un número entero positivo.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The file is from a newer PartnerDesk (format version %1); this version reads format version %2.</source>
        <translation>El archivo es de una versión más reciente de PartnerDesk (versión de formato %1); esta versión lee la versión de formato %2.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Not a PartnerDesk view file: &quot;view&quot; must be an object.</source>
        <translation>No es un archivo de vista de PartnerDesk: &quot;view&quot; debe ser un objeto.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::SavedViews</name>
    <message>
        <location line="+20"/>
        <source>Cannot read %1: %2</source>
        <translation>No se puede leer %1: %2</translation>
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
        <translation>%1: &quot;views&quot; debe ser una lista.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ShapeJson::ShapeReader</name>
    <message>
        <location filename="../core/api/shapereader.cpp" line="+20"/>
        <source>%1 must be %2.</source>
        <translation>%1 debe ser %2.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>a string</source>
        <translation>una cadena</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>a whole number</source>
        <translation>un número entero</translation>
    </message>
    <message>
        <location line="+7"/>
        <location filename="../core/api/shapereader.h" line="+97"/>
        <source>an object</source>
        <translation>un objeto</translation>
    </message>
    <message>
        <location filename="../core/api/shapereader.h" line="-67"/>
        <source>The response is not a JSON object.</source>
        <translation>La respuesta no es un objeto JSON.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>a list</source>
        <translation>una lista</translation>
    </message>
    <message>
        <location line="+74"/>
        <source>The response is not valid JSON: %1.</source>
        <translation>La respuesta no es JSON válido: %1.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::ShellWords</name>
    <message>
        <location filename="../core/util/shellwords.cpp" line="+45"/>
        <source>The command line ends with a lone backslash.</source>
        <translation>La línea de comandos termina con una barra invertida suelta.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The command line has an unterminated %1 quote.</source>
        <translation>La línea de comandos tiene una comilla %1 sin cerrar.</translation>
    </message>
</context>
<context>
    <name>Pd::Core::StaticCredentialsProvider</name>
    <message>
        <location filename="../core/aws/credentialsprovider.cpp" line="+11"/>
        <source>No access key is configured (%1).</source>
        <translation>No hay ninguna clave de acceso configurada (%1).</translation>
    </message>
</context>
<context>
    <name>Pd::Core::StoreSync</name>
    <message>
        <location filename="../core/store/storesync.cpp" line="+116"/>
        <source>The local copy is not open.</source>
        <translation>La copia local no está abierta.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No client to call the service with.</source>
        <translation>No hay ningún cliente para llamar al servicio.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>A sync of this local copy is running (%1); try again when it has finished.</source>
        <translation>Hay una sincronización de esta copia local en curso (%1); vuelva a intentarlo cuando haya terminado.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Could not open the local copy %1 for writing.</source>
        <translation>No se pudo abrir la copia local %1 para escritura.</translation>
    </message>
    <message>
        <location line="+50"/>
        <location line="+82"/>
        <source>The sync was cancelled.</source>
        <translation>La sincronización se canceló.</translation>
    </message>
</context>
<context>
    <name>Pd::Emulator::EmulatorServer</name>
    <message>
        <location filename="../emulator/emulatorserver.cpp" line="+90"/>
        <source>The emulator is already running.</source>
        <translation>El emulador ya está en ejecución.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Counts, fault intervals, latency and rate limit must not be negative.</source>
        <translation>Los recuentos, los intervalos de fallos, la latencia y el límite de velocidad no pueden ser negativos.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The bulk percentage must be between 0 and 100.</source>
        <translation>El porcentaje de cambios masivos debe estar entre 0 y 100.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The throttling status must be 400 or 429.</source>
        <translation>El estado de limitación debe ser 400 o 429.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The access key and the region must not be empty.</source>
        <translation>La clave de acceso y la región no pueden estar vacías.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Cannot write the log file %1: %2</source>
        <translation>No se puede escribir el archivo de registro %1: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cannot listen on 127.0.0.1:%1: %2</source>
        <translation>No se puede escuchar en 127.0.0.1:%1: %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Cannot read the data file %1: %2</source>
        <translation>No se puede leer el archivo de datos %1: %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The data file %1 is not a valid ListOpportunities response: %2</source>
        <translation>El archivo de datos %1 no es una respuesta de ListOpportunities válida: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Emulator::EmulatorThread</name>
    <message>
        <location filename="../emulator/emulatorthread.cpp" line="+22"/>
        <source>The emulator is already running.</source>
        <translation>El emulador ya está en ejecución.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::AboutDialog</name>
    <message>
        <location filename="../ui/aboutdialog.cpp" line="+19"/>
        <location line="+33"/>
        <source>About PartnerDesk</source>
        <translation>Acerca de PartnerDesk</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Browse, filter, inspect and export AWS Partner Central opportunities.</source>
        <translation>Explore, filtre, consulte y exporte las oportunidades de AWS Partner Central.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Built with Qt %1, running on Qt %2.</source>
        <translation>Compilado con Qt %1, ejecutándose con Qt %2.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Libraries and their licenses</source>
        <translation>Bibliotecas y sus licencias</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Qt: GNU Lesser General Public License v3.0 (LGPL-3.0)</source>
        <translation>Qt: GNU Lesser General Public License v3.0 (LGPL-3.0)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>QtKeychain: BSD 3-Clause License</source>
        <translation>QtKeychain: licencia BSD de 3 cláusulas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>simdjson: Apache License 2.0</source>
        <translation>simdjson: licencia Apache 2.0</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PartnerDesk is not affiliated with Amazon Web Services. AWS and AWS Partner Central are trademarks of Amazon.com, Inc. or its affiliates.</source>
        <translation>PartnerDesk no está afiliado a Amazon Web Services. AWS y AWS Partner Central son marcas comerciales de Amazon.com, Inc. o sus filiales.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>About &amp;Qt</source>
        <translation>Acerca de &amp;Qt</translation>
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
            <numerusform>%1 De las filas cargadas: %n.</numerusform>
            <numerusform>%1 De las filas cargadas: %n.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep a local copy (Settings › Local Copy…) to see what changed since you last looked.</source>
        <translation>Mantenga una copia local (Configuración › Copia local…) para ver qué ha cambiado desde su última consulta.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%1: %n opportunities</source>
        <translation>
            <numerusform>%1: %n oportunidad</numerusform>
            <numerusform>%1: %n oportunidades</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ChangesView</name>
    <message>
        <location filename="../ui/changesview.cpp" line="+57"/>
        <source>Since I last looked</source>
        <translation>Desde mi última consulta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last sync</source>
        <translation>Última sincronización</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>Last %n syncs</source>
        <translation>
            <numerusform>Última %n sincronización</numerusform>
            <numerusform>Últimas %n sincronizaciones</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Which changes to show</source>
        <translation>Qué cambios mostrar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Mark All as Seen</source>
        <translation>Marcar to&amp;do como visto</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Changed opportunities and their fields</source>
        <translation>Oportunidades modificadas y sus campos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity</source>
        <translation>Oportunidad</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Change</source>
        <translation>Cambio</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Synced</source>
        <translation>Sincronizado</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>No local copy: changes are recorded when PartnerDesk keeps a local copy (Settings › Local Copy…).</source>
        <translation>Sin copia local: los cambios se registran cuando PartnerDesk mantiene una copia local (Configuración › Copia local…).</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No changes.</source>
        <translation>No hay cambios.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n changes, newest first.</source>
        <translation>
            <numerusform>%n cambio, el más reciente primero.</numerusform>
            <numerusform>%n cambios, los más recientes primero.</numerusform>
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
        <translation>nueva</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>changed</source>
        <translation>modificada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>removed</source>
        <translation>eliminada</translation>
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
        <translation>No se pudo escribir %1: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ConnectionDialog</name>
    <message>
        <location filename="../ui/connectiondialog.cpp" line="+30"/>
        <source>Connection</source>
        <translation>Conexión</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Credentials</source>
        <translation>Credenciales</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Automatic, like the AWS CLI</source>
        <translation>&amp;Automático, como la AWS CLI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Environment variables, then AWS_PROFILE, then the &quot;default&quot; profile.</source>
        <translation>Variables de entorno, después AWS_PROFILE y después el perfil &quot;default&quot;.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AWS CLI &amp;profile</source>
        <translation>&amp;Perfil de AWS CLI</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partner&amp;Desk profile</source>
        <translation>Perfil de Partner&amp;Desk</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>AWS CLI profile</source>
        <translation>Perfil de AWS CLI</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Profiles in %1 and %2</source>
        <translation>Perfiles de %1 y %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PartnerDesk profile</source>
        <translation>Perfil de PartnerDesk</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Service</source>
        <translation>Servicio</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From the profile, else us-east-1</source>
        <translation>La del perfil o, si no, us-east-1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Region</source>
        <translation>Región</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The region&apos;s standard endpoint</source>
        <translation>El punto de enlace estándar de la región</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Endpoint URL</source>
        <translation>URL del punto de enlace</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Region</source>
        <translation>&amp;Región</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Endpoint URL</source>
        <translation>URL del punto de &amp;enlace</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Proxy</source>
        <translation>Proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>S&amp;ystem proxy settings</source>
        <translation>Configuración de proxy del s&amp;istema</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTPS_PROXY, HTTP_PROXY and NO_PROXY when set, as the AWS CLI reads them; otherwise the desktop&apos;s proxy settings.</source>
        <translation>HTTPS_PROXY, HTTP_PROXY y NO_PROXY si están definidas, como las lee la AWS CLI; si no, la configuración de proxy del escritorio.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;No proxy</source>
        <translation>Si&amp;n proxy</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Manual proxy:</source>
        <translation>Proxy &amp;manual:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>http://user:password@proxy.example.com:3128</source>
        <translation>http://usuario:contraseña@proxy.example.com:3128</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proxy URL</source>
        <translation>URL del proxy</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>A password in the proxy URL is kept in the system keychain, not in the settings, and is not shown again.</source>
        <translation>Una contraseña en la URL del proxy se guarda en el llavero del sistema, no en la configuración, y no se vuelve a mostrar.</translation>
    </message>
    <message>
        <location line="+153"/>
        <source>Through the proxy %1 (from %2).</source>
        <translation>A través del proxy %1 (de %2).</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Directly, without a proxy.</source>
        <translation>Directamente, sin proxy.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connects to %1 (region %2) with credentials from %3.</source>
        <translation>Se conecta a %1 (región %2) con las credenciales de: %3.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DateRangeEdit</name>
    <message>
        <location filename="../ui/daterangeedit.cpp" line="+47"/>
        <source>After</source>
        <comment>date filter bound</comment>
        <translation>Después de</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Before</source>
        <comment>date filter bound</comment>
        <translation>Antes de</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1: use the After bound</source>
        <translation>%1: usar el límite «Después de»</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1: use the Before bound</source>
        <translation>%1: usar el límite «Antes de»</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 after</source>
        <translation>%1 después de</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 before</source>
        <translation>%1 antes de</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>“After” must not be later than “Before”.</source>
        <translation>«Después de» no puede ser posterior a «Antes de».</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailPane</name>
    <message>
        <location filename="../ui/detailpane.cpp" line="+71"/>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+107"/>
        <source>Opportunity details</source>
        <translation>Detalles de la oportunidad</translation>
    </message>
    <message>
        <location line="-105"/>
        <source>Select an opportunity to see all its details here.</source>
        <translation>Seleccione una oportunidad para ver aquí todos sus detalles.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Opportunity</source>
        <translation>Oportunidad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity id</source>
        <translation>ID de la oportunidad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the opportunity id</source>
        <translation>Copiar el ID de la oportunidad</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Id</source>
        <translation>ID</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Opportunity ARN</source>
        <translation>ARN de la oportunidad</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy the ARN</source>
        <translation>Copiar el ARN</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>ARN</source>
        <translation>ARN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Partner CRM ID</source>
        <translation>ID de CRM del socio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog</source>
        <translation>Catálogo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type</source>
        <translation>Tipo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Created</source>
        <translation>Creación</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last modified</source>
        <translation>Última modificación</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Lifecycle</source>
        <translation>Ciclo de vida</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stage</source>
        <translation>Etapa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review status</source>
        <translation>Estado de revisión</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review comments</source>
        <translation>Comentarios de revisión</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Review status reason</source>
        <translation>Motivo del estado de revisión</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next steps</source>
        <translation>Próximos pasos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target close</source>
        <translation>Cierre previsto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed lost reason</source>
        <translation>Motivo de pérdida</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer</source>
        <translation>Cliente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company</source>
        <translation>Empresa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Industry</source>
        <translation>Sector</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Website</source>
        <translation>Sitio web</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Address</source>
        <translation>Dirección</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Project</source>
        <translation>Proyecto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivery models</source>
        <translation>Modelos de entrega</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected spend</source>
        <translation>Gasto previsto</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contract duration</source>
        <translation>Duración del contrato</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>History (local copy)</source>
        <translation>Historial (copia local)</translation>
    </message>
    <message>
        <location line="+81"/>
        <source>%1 · %2</source>
        <translation>%1 · %2</translation>
    </message>
    <message>
        <location line="+117"/>
        <source>AWS (production)</source>
        <translation>AWS (producción)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sandbox (testing)</source>
        <translation>Sandbox (pruebas)</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>%1 (overdue)</source>
        <translation>%1 (vencida)</translation>
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
        <translation>estimación</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailSections</name>
    <message>
        <location filename="../ui/detailsections.cpp" line="+93"/>
        <source>Project details</source>
        <translation>Detalles del proyecto</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Customer business problem</source>
        <translation>Problema de negocio del cliente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use case</source>
        <translation>Caso de uso</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sales activities</source>
        <translation>Actividades de venta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Competitors</source>
        <translation>Competidores</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>APN programs</source>
        <translation>Programas de APN</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS products</source>
        <translation>Productos de AWS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Solutions</source>
        <translation>Soluciones</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing</source>
        <translation>Marketing</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Software revenue</source>
        <translation>Ingresos de software</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>People</source>
        <translation>Personas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Customer contacts</source>
        <translation>Contactos del cliente</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunity team</source>
        <translation>Equipo de la oportunidad</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Next steps history</source>
        <translation>Historial de próximos pasos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Timeline</source>
        <translation>Cronología</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>AWS side</source>
        <translation>Lado de AWS</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Engagement score</source>
        <translation>Puntuación de interacción</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next best actions</source>
        <translation>Próximas acciones recomendadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Involvement type</source>
        <translation>Tipo de participación</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS stage</source>
        <translation>Etapa de AWS</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>AWS team</source>
        <translation>Equipo de AWS</translation>
    </message>
    <message>
        <location line="+91"/>
        <source>Loading the details…</source>
        <translation>Cargando los detalles…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading AWS&apos;s view…</source>
        <translation>Cargando la vista de AWS…</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>Waiting for the read quota (%n s)…</source>
        <translation>
            <numerusform>Esperando la cuota de lectura (%n s)…</numerusform>
            <numerusform>Esperando la cuota de lectura (%n s)…</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Not allowed: %1 needs the IAM permission partnercentral:%1. Browsing and the table are not affected.</source>
        <translation>No permitido: %1 necesita el permiso de IAM partnercentral:%1. La exploración y la tabla no se ven afectadas.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Could not load (%1): %2</source>
        <translation>No se pudo cargar (%1): %2</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Source: %1</source>
        <translation>Origen: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Campaign: %1</source>
        <translation>Campaña: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Channels: %1</source>
        <translation>Canales: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use cases: %1</source>
        <translation>Casos de uso: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>AWS funding used: %1</source>
        <translation>Financiación de AWS usada: %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1 to %2</source>
        <translation>del %1 al %2</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>No AWS summary yet.</source>
        <translation>Aún no hay resumen de AWS.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::DetailsEnrichment</name>
    <message>
        <location filename="../ui/detailsenrichment.cpp" line="+64"/>
        <source>Read requests in the last 24 hours</source>
        <translation>Solicitudes de lectura de las últimas 24 horas</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Titles and owners cannot be filled in: %1</source>
        <translation>No se pueden completar los títulos y responsables: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Titles and owners paused: their share of the daily read quota (%1 %) is spent.</source>
        <translation>Títulos y responsables en pausa: se agotó su parte de la cuota de lectura diaria (%1 %).</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ErrorBanner</name>
    <message>
        <location filename="../ui/errorbanner.cpp" line="+18"/>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Retr&amp;y</source>
        <translation>Rei&amp;ntentar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Retry the failed request</source>
        <translation>Reintentar la solicitud fallida</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Connection…</source>
        <translation>Cone&amp;xión…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the connection settings</source>
        <translation>Abrir la configuración de conexión</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dismiss</source>
        <translation>Descartar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dismiss the error</source>
        <translation>Descartar el error</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>%1 (HTTP %2)</source>
        <translation>%1 (HTTP %2)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The filters are not valid</source>
        <translation>Los filtros no son válidos</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection settings problem</source>
        <translation>Problema en la configuración de conexión</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Network error</source>
        <translation>Error de red</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The service did not answer in time</source>
        <translation>El servicio no respondió a tiempo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Unexpected response from the service</source>
        <translation>Respuesta inesperada del servicio</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancelled</source>
        <translation>Cancelado</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>HTTP error %1</source>
        <translation>Error HTTP %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Request failed</source>
        <translation>Error en la solicitud</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your IAM identity needs the action partnercentral:ListOpportunities for this catalog.</source>
        <translation>Su identidad de IAM necesita la acción partnercentral:ListOpportunities en este catálogo.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Check the access key, the secret key and the system clock, or choose another profile under Connection.</source>
        <translation>Compruebe la clave de acceso, la clave secreta y el reloj del sistema, o elija otro perfil en «Conexión».</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The account&apos;s read quota (10 requests per second, 100,000 per day) is used up. Retry in a moment.</source>
        <translation>Se agotó la cuota de lectura de la cuenta (10 solicitudes por segundo, 100.000 al día). Vuelva a intentarlo en un momento.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Check the network connection and the endpoint, then retry.</source>
        <translation>Compruebe la conexión de red y el punto de enlace y vuelva a intentarlo.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The problems are also shown next to the filters.</source>
        <translation>Los problemas también se muestran junto a los filtros.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose a profile, region or endpoint under Settings › Connection.</source>
        <translation>Elija un perfil, una región o un punto de enlace en Configuración › Conexión.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>• %1: %2</source>
        <translation>• %1: %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The rows loaded so far (%1) are kept.</source>
        <translation>Se conservan las filas cargadas hasta ahora (%1).</translation>
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
        <translation>Exportar a CSV</translation>
    </message>
    <message>
        <location line="-278"/>
        <source>File to write</source>
        <translation>Archivo que se escribirá</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Choose the file to write</source>
        <translation>Elegir el archivo que se escribirá</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;File:</source>
        <translation>&amp;Archivo:</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Rows</source>
        <translation>Filas</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Loads the pages not loaded yet first. Rows hidden by the quick filter are left out.</source>
        <translation>Primero carga las páginas que faltan. Las filas ocultas por el filtro rápido se omiten.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Columns</source>
        <translation>Columnas</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Options</source>
        <translation>Opciones</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Neutralise spreadsheet formulas (recommended)</source>
        <translation>&amp;Neutralizar las fórmulas de hoja de cálculo (recomendado)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cells beginning with = + - @ get a leading apostrophe so that spreadsheet programs do not run them as formulas.</source>
        <translation>Las celdas que empiezan por = + - @ reciben un apóstrofo inicial para que las hojas de cálculo no las ejecuten como fórmulas.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Add a byte order &amp;mark (for Microsoft Excel)</source>
        <translation>Añadir una &amp;marca de orden de bytes (para Microsoft Excel)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Without it, Excel may read the UTF-8 file in a legacy encoding.</source>
        <translation>Sin ella, Excel puede leer el archivo UTF-8 con una codificación antigua.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the table&apos;s column &amp;titles instead of field names</source>
        <translation>Usar los tít&amp;ulos de columna de la tabla en lugar de los nombres de campo</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Field names such as LifeCycle.Stage are stable and match partnerdesk-cli; titles follow the language of PartnerDesk.</source>
        <translation>Los nombres de campo como LifeCycle.Stage son estables y coinciden con partnerdesk-cli; los títulos siguen el idioma de PartnerDesk.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cells hold the values exactly as the service sent them: API values, ISO dates and plain amounts.</source>
        <translation>Las celdas contienen los valores tal como los envió el servicio: valores de la API, fechas ISO e importes sin formato.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Export</source>
        <translation>E&amp;xportar</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>&amp;Selected rows (%1)</source>
        <translation>Filas &amp;seleccionadas (%1)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Loaded rows (%1)</source>
        <translation>Filas &amp;cargadas (%1)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;All rows matching the filters (loads the remaining pages)</source>
        <translation>&amp;Todas las filas que cumplen los filtros (carga las páginas restantes)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;All rows matching the filters (%1)</source>
        <translation>&amp;Todas las filas que cumplen los filtros (%1)</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>The %n visible columns, in table order</source>
        <translation>
            <numerusform>La %n columna visible, en el orden de la tabla</numerusform>
            <numerusform>Las %n columnas visibles, en el orden de la tabla</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>All %n fields, as partnerdesk-cli --output csv writes them</source>
        <translation>
            <numerusform>El %n campo, tal como lo escribe partnerdesk-cli --output csv</numerusform>
            <numerusform>Los %n campos, tal como los escribe partnerdesk-cli --output csv</numerusform>
        </translation>
    </message>
    <message>
        <location line="+45"/>
        <source>CSV files (*.csv);;All files (*)</source>
        <translation>Archivos CSV (*.csv);;Todos los archivos (*)</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>“%1” already exists. Replace it?</source>
        <translation>«%1» ya existe. ¿Quiere reemplazarlo?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Replace</source>
        <translation>&amp;Reemplazar</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Preparing the export…</source>
        <translation>Preparando la exportación…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Loading every matching opportunity… %1 loaded</source>
        <translation>Cargando todas las oportunidades que coinciden… %1 cargadas</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Writing %1 of %2 rows…</source>
        <translation>Escribiendo %1 de %2 filas…</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Loading every matching opportunity…</source>
        <translation>Cargando todas las oportunidades que coinciden…</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Nothing was exported.</source>
        <translation>No se exportó nada.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::FilterPanel</name>
    <message>
        <location filename="../ui/filterpanel.cpp" line="+132"/>
        <source>AWS (production)</source>
        <translation>AWS (producción)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sandbox (testing)</source>
        <translation>Sandbox (pruebas)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog</source>
        <translation>Catálogo</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stages</source>
        <translation>Etapas</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Review statuses</source>
        <translation>Estados de revisión</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Catalo&amp;g</source>
        <translation>Catá&amp;logo</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>S&amp;tage</source>
        <translation>E&amp;tapa</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Review stat&amp;us</source>
        <translation>Estado de &amp;revisión</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>One name per line (up to %1)</source>
        <translation>Un nombre por línea (hasta %1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Company names, one per line</source>
        <translation>Nombres de empresa, uno por línea</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>C&amp;ompany names</source>
        <translation>Nombres de e&amp;mpresa</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Matched by the service, not by PartnerDesk; AWS does not document how (exact, prefix or case).</source>
        <translation>La coincidencia la hace el servicio, no PartnerDesk; AWS no documenta cómo (exacta, por prefijo o según mayúsculas).</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>O1234567 O7654321 … (up to %1)</source>
        <translation>O1234567 O7654321 … (hasta %1)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunity identifiers</source>
        <translation>Identificadores de oportunidades</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Identifiers</source>
        <translation>&amp;Identificadores</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+2"/>
        <source>Created</source>
        <translation>Creación</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Last modified</source>
        <translation>Última modificación</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+2"/>
        <source>Target close date</source>
        <translation>Fecha de cierre prevista</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Sort by</source>
        <translation>Ordenar por</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sort order</source>
        <translation>Orden</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sort &amp;by</source>
        <translation>&amp;Ordenar por</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Server-side filters</source>
        <translation>Filtros del servidor</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Apply</source>
        <translation>A&amp;plicar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Filters also apply by themselves shortly after each change.</source>
        <translation>Los filtros también se aplican solos poco después de cada cambio.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply filters</source>
        <translation>Aplicar filtros</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Reset</source>
        <translation>Re&amp;stablecer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reset filters</source>
        <translation>Restablecer los filtros</translation>
    </message>
    <message>
        <location line="+159"/>
        <source>“%1”</source>
        <comment>a company name as sent</comment>
        <translation>«%1»</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sent to the service: %1</source>
        <translation>Enviado al servicio: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LanguageSettings</name>
    <message>
        <location filename="../ui/languagesettings.cpp" line="+158"/>
        <source>Lan&amp;guage</source>
        <translation>&amp;Idioma</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>As the &amp;System (%1)</source>
        <translation>Como el &amp;sistema (%1)</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Language</source>
        <translation>Idioma</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PartnerDesk will use the new language the next time it starts.</source>
        <translation>PartnerDesk usará el nuevo idioma la próxima vez que se inicie.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LocalCopy</name>
    <message>
        <location filename="../ui/localcopy.cpp" line="+566"/>
        <source>A sync of this local copy is running in another PartnerDesk window; these rows are as of its last sync.</source>
        <translation>Hay una sincronización de esta copia local en curso en otra ventana de PartnerDesk; estas filas corresponden a su última sincronización.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>just now</source>
        <translation>ahora mismo</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n min ago</source>
        <translation>
            <numerusform>hace %n min</numerusform>
            <numerusform>hace %n min</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n h ago</source>
        <translation>
            <numerusform>hace %n h</numerusform>
            <numerusform>hace %n h</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%n days ago</source>
        <translation>
            <numerusform>hace %n día</numerusform>
            <numerusform>hace %n días</numerusform>
        </translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Not synced yet</source>
        <translation>Aún no sincronizada</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Synced %1</source>
        <translation>Sincronizada %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Local copy · synced %1</source>
        <translation>Copia local · sincronizada a las %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::LocalCopyDialog</name>
    <message>
        <location filename="../ui/localcopydialog.cpp" line="+25"/>
        <source>Local Copy</source>
        <translation>Copia local</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Keep a local copy of the opportunities</source>
        <translation>&amp;Mantener una copia local de las oportunidades</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>PartnerDesk opens at once on the last synced rows, filters and sorts them without asking the service, and shows what changed.</source>
        <translation>PartnerDesk se abre al instante con las últimas filas sincronizadas, las filtra y ordena sin consultar al servicio y muestra qué ha cambiado.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Default: PartnerDesk&apos;s data folder</source>
        <translation>Predeterminada: carpeta de datos de PartnerDesk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Browse…</source>
        <translation>&amp;Examinar…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Local copy folder</source>
        <translation>Carpeta de la copia local</translation>
    </message>
    <message>
        <location line="+13"/>
        <source> days</source>
        <translation> días</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>When PartnerDesk &amp;starts</source>
        <translation>Al &amp;iniciar PartnerDesk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Every</source>
        <translation>&amp;Cada</translation>
    </message>
    <message>
        <location line="+8"/>
        <source> minutes</source>
        <translation> minutos</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>Only by &amp;hand (View › Refresh, F5)</source>
        <translation>Solo a ma&amp;no (Ver › Actualizar, F5)</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Offer a full sync once a &amp;week</source>
        <translation>Ofrecer una sincronización com&amp;pleta una vez por semana</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>A full sync lists every opportunity again and marks the ones you can no longer see as removed.</source>
        <translation>Una sincronización completa vuelve a listar todas las oportunidades y marca como eliminadas las que ya no puede ver.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No local copy is open.</source>
        <translation>No hay ninguna copia local abierta.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In use: %1</source>
        <translation>En uso: %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Forget Local Data…</source>
        <translation>&amp;Olvidar los datos locales…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deletes the local copy and its history of changes. The service&apos;s data is not touched.</source>
        <translation>Elimina la copia local y su historial de cambios. Los datos del servicio no se tocan.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Folder:</source>
        <translation>Carpeta:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keep history for:</source>
        <translation>Conservar el historial durante:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sync:</source>
        <translation>Sincronización:</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Forget Local Data</source>
        <translation>Olvidar los datos locales</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the local copy of the opportunities and its history of changes?</source>
        <translation>¿Eliminar la copia local de las oportunidades y su historial de cambios?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The service&apos;s data is not touched; the next sync lists everything again.</source>
        <translation>Los datos del servicio no se tocan; la próxima sincronización vuelve a listarlo todo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Delete</source>
        <translation>&amp;Eliminar</translation>
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
        <translation>Contraseña del proxy: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Table</source>
        <translation>Tabla</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pipeline</source>
        <translation>Pipeline</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Filters</source>
        <translation>Filtros</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Details</source>
        <translation>Detalles</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Changes</source>
        <translation>Cambios</translation>
    </message>
    <message>
        <location line="+88"/>
        <source>DEMO</source>
        <translation>DEMO</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demo mode: generated opportunities from PartnerDesk&apos;s built-in emulator. Nothing is sent to AWS.</source>
        <translation>Modo de demostración: oportunidades generadas por el emulador integrado de PartnerDesk. No se envía nada a AWS.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Demo mode</source>
        <translation>Modo de demostración</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Filters, sorting and the quick filter work on the local copy of every opportunity, without asking the service.</source>
        <translation>Los filtros, la ordenación y el filtro rápido trabajan sobre la copia local de todas las oportunidades, sin consultar al servicio.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Sorted: loaded rows only  ✕</source>
        <translation>Ordenado: solo filas cargadas  ✕</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This column cannot be sorted by the service, so only the rows loaded so far are sorted. Click to return to the service&apos;s order.</source>
        <translation>El servicio no puede ordenar por esta columna, así que solo se ordenan las filas cargadas hasta ahora. Haga clic para volver al orden del servicio.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Sorted locally, loaded rows only. Press to clear.</source>
        <translation>Ordenado localmente, solo filas cargadas. Pulse para quitarlo.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Only the loaded rows of the part of the pipeline picked in a chart, or of an attention view. Click to show every row again.</source>
        <translation>Solo las filas cargadas de la parte del pipeline elegida en un gráfico, o de una vista de atención. Haga clic para volver a mostrar todas las filas.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Filter loaded rows (Ctrl+F)</source>
        <translation>Filtrar las filas cargadas (Ctrl+F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quick filter over the loaded rows</source>
        <translation>Filtro rápido sobre las filas cargadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Searches the rows already loaded: id, partner CRM id, company, stage, review status, type, industry, city, country and next steps. Use the Filters panel to ask the service.</source>
        <translation>Busca en las filas ya cargadas: ID, ID de CRM del socio, empresa, etapa, estado de revisión, tipo, sector, ciudad, país y próximos pasos. Use el panel Filtros para consultar al servicio.</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>&amp;Exportar…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Write the opportunities to a CSV file</source>
        <translation>Escribir las oportunidades en un archivo CSV</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Edit</source>
        <translation>&amp;Editar</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Select &amp;All Loaded Rows</source>
        <translation>Seleccionar &amp;todas las filas cargadas</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Find in Loaded Rows</source>
        <translation>&amp;Buscar en las filas cargadas</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Edit Filters</source>
        <translation>&amp;Editar filtros</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;View</source>
        <translation>&amp;Ver</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>&amp;Table</source>
        <translation>&amp;Tabla</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>P&amp;ipeline</source>
        <translation>&amp;Pipeline</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualizar</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Load All Pages</source>
        <translation>&amp;Cargar todas las páginas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Stop Loading</source>
        <translation>&amp;Detener la carga</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Reset &amp;Columns</source>
        <translation>Restablecer c&amp;olumnas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset &amp;Window Layout</source>
        <translation>Restablecer la disposición de la &amp;ventana</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Settings</source>
        <translation>&amp;Configuración</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Connection…</source>
        <translation>&amp;Conexión…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Profiles…</source>
        <translation>&amp;Perfiles…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Local Copy…</source>
        <translation>Copia &amp;local…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;About PartnerDesk</source>
        <translation>&amp;Acerca de PartnerDesk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>About &amp;Qt</source>
        <translation>Acerca de &amp;Qt</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Loading</source>
        <translation>Cargando</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Cancelar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Cancel loading</source>
        <translation>Cancelar la carga</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load More</source>
        <translation>Cargar más</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load the next page</source>
        <translation>Cargar la página siguiente</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel Sync</source>
        <translation>Cancelar la sincronización</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>Filtered to %1. Press to show every row.</source>
        <translation>Filtrado por %1. Pulse para mostrar todas las filas.</translation>
    </message>
    <message numerus="yes">
        <location line="+81"/>
        <source>Exported %n opportunities to %1</source>
        <translation>
            <numerusform>%n oportunidad exportada a %1</numerusform>
            <numerusform>%n oportunidades exportadas a %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Export cancelled; nothing was written.</source>
        <translation>Exportación cancelada; no se escribió nada.</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>The last full sync is more than a week old. A full sync also finds the opportunities you can no longer see.</source>
        <translation>La última sincronización completa tiene más de una semana. Una sincronización completa también encuentra las oportunidades que ya no puede ver.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Fu&amp;ll Sync</source>
        <translation>Si&amp;ncronización completa</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Try Agai&amp;n</source>
        <translation>Probar de n&amp;uevo</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>The sync failed; the rows shown are from the last one. %1</source>
        <translation>La sincronización falló; las filas mostradas son de la anterior. %1</translation>
    </message>
    <message numerus="yes">
        <location line="+32"/>
        <source>%n opportunities became Action Required or Rejected: %1</source>
        <translation>
            <numerusform>%n oportunidad pasó a «Acción necesaria» o «Rechazada»: %1</numerusform>
            <numerusform>%n oportunidades pasaron a «Acción necesaria» o «Rechazada»: %1</numerusform>
        </translation>
    </message>
    <message>
        <location line="+53"/>
        <source>The local copy could not be deleted: %1</source>
        <translation>No se pudo eliminar la copia local: %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Deleted the local copy %1</source>
        <translation>Se eliminó la copia local %1</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>SANDBOX · test data</source>
        <translation>SANDBOX · datos de prueba</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>AWS · production</source>
        <translation>AWS · producción</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Catalog %1: every request names this catalog. Change it in the Filters panel.</source>
        <translation>Catálogo %1: todas las solicitudes indican este catálogo. Cámbielo en el panel Filtros.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Catalog: %1</source>
        <translation>Catálogo: %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>PartnerDesk — %1 catalog (demo)</source>
        <translation>PartnerDesk — catálogo %1 (demostración)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PartnerDesk — %1 catalog</source>
        <translation>PartnerDesk — catálogo %1</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Not connected</source>
        <translation>Sin conexión</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading…</source>
        <translation>Cargando…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No opportunities match these filters</source>
        <translation>Ninguna oportunidad cumple estos filtros</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 loaded · more available</source>
        <translation>%1 cargadas · hay más</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 loaded · more coming</source>
        <translation>%1 cargadas · llegan más</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 loaded · all</source>
        <translation>%1 cargadas · todas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source> · %1 shown</source>
        <translation> · %1 visibles</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Waiting for quota…</source>
        <translation>Esperando cuota…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The service asked PartnerDesk to slow down (ThrottlingException); it retries by itself.</source>
        <translation>El servicio pidió a PartnerDesk que fuera más despacio (ThrottlingException); se reintenta automáticamente.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading all pages…</source>
        <translation>Cargando todas las páginas…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Loading page…</source>
        <translation>Cargando página…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Syncing: waiting for quota…</source>
        <translation>Sincronizando: esperando cuota…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Syncing… %1 rows</source>
        <translation>Sincronizando… %1 filas</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opening the local copy…</source>
        <translation>Abriendo la copia local…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Last page: %1 ms</source>
        <translation>Última página: %1 ms</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fetched %1</source>
        <translation>Obtenido a las %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>First page of this listing fetched %1</source>
        <translation>Primera página de esta lista obtenida: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::NoticeBar</name>
    <message>
        <location filename="../ui/noticebar.cpp" line="+24"/>
        <location line="+1"/>
        <source>Dismiss</source>
        <translation>Descartar</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::OpportunityExporter</name>
    <message>
        <location filename="../ui/opportunityexporter.cpp" line="+108"/>
        <source>There is no table to export.</source>
        <translation>No hay ninguna tabla que exportar.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>No file name was given.</source>
        <translation>No se indicó ningún nombre de archivo.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>“%1” cannot be written: %2</source>
        <translation>No se puede escribir «%1»: %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Not connected: the remaining pages cannot be loaded. Export the loaded rows instead, or connect first.</source>
        <translation>Sin conexión: no se pueden cargar las páginas restantes. Exporte las filas cargadas o conéctese primero.</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Not every page could be loaded, so nothing was written: %1</source>
        <translation>No se pudieron cargar todas las páginas, así que no se escribió nada: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Loading stopped before the last page (the filters changed or loading was stopped), so nothing was written.</source>
        <translation>La carga se detuvo antes de la última página (cambiaron los filtros o se detuvo la carga), así que no se escribió nada.</translation>
    </message>
    <message>
        <location line="+11"/>
        <location line="+51"/>
        <source>The table was closed during the export.</source>
        <translation>La tabla se cerró durante la exportación.</translation>
    </message>
    <message>
        <location line="-40"/>
        <source>The table was reloaded during the export, so nothing was written.</source>
        <translation>La tabla se volvió a cargar durante la exportación, así que no se escribió nada.</translation>
    </message>
    <message>
        <location line="+24"/>
        <location line="+25"/>
        <location line="+19"/>
        <source>Writing “%1” failed: %2</source>
        <translation>No se pudo escribir «%1»: %2</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::OpportunityTableView</name>
    <message>
        <location filename="../ui/opportunitytableview.cpp" line="+124"/>
        <source>Opportunities</source>
        <translation>Oportunidades</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>&amp;Copy Cell</source>
        <translation>&amp;Copiar celda</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Copy &amp;Rows with Headers</source>
        <translation>Copiar &amp;filas con encabezados</translation>
    </message>
    <message>
        <location line="+164"/>
        <source>Columns</source>
        <translation>Columnas</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Reset Columns to Default</source>
        <translation>&amp;Restablecer las columnas predeterminadas</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::PipelineChartView</name>
    <message>
        <location filename="../ui/pipelinechartview.cpp" line="+29"/>
        <location line="+138"/>
        <source>Copy Chart</source>
        <translation>Copiar el gráfico</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Export Chart…</source>
        <translation>Exportar el gráfico…</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>PNG image (*.png)</source>
        <translation>Imagen PNG (*.png)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SVG drawing (*.svg)</source>
        <translation>Dibujo SVG (*.svg)</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+10"/>
        <source>Export Chart</source>
        <translation>Exportar el gráfico</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::PipelineView</name>
    <message>
        <location filename="../ui/pipelineview.cpp" line="+112"/>
        <source>Spend currency:</source>
        <translation>Moneda del gasto:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Currency of the monthly spend chart</source>
        <translation>Moneda del gráfico de gasto mensual</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Count Every Opportunity</source>
        <translation>Contar todas las oportunidades</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Load the remaining pages of the listing (View › Load All Pages), so the charts count every matching opportunity.</source>
        <translation>Cargar las páginas restantes del listado (Ver › Cargar todas las páginas) para que los gráficos cuenten todas las oportunidades que coinciden.</translation>
    </message>
    <message numerus="yes">
        <location line="+245"/>
        <source>%n opportunities loaded so far</source>
        <translation>
            <numerusform>%n oportunidad cargada hasta ahora</numerusform>
            <numerusform>%n oportunidades cargadas hasta ahora</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%n opportunities</source>
        <translation>
            <numerusform>%n oportunidad</numerusform>
            <numerusform>%n oportunidades</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%n spend entries without a valid amount left out</source>
        <translation>
            <numerusform>%n gasto sin importe válido omitido</numerusform>
            <numerusform>%n gastos sin importe válido omitidos</numerusform>
        </translation>
    </message>
    <message>
        <location line="-222"/>
        <location line="+343"/>
        <source>Opportunities by stage and review status</source>
        <translation>Oportunidades por etapa y estado de revisión</translation>
    </message>
    <message numerus="yes">
        <location line="+57"/>
        <source>%1 · %2: %n opportunities</source>
        <translation>
            <numerusform>%1 · %2: %n oportunidad</numerusform>
            <numerusform>%1 · %2: %n oportunidades</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>In this stage: %n opportunities</source>
        <translation>
            <numerusform>En esta etapa: %n oportunidad</numerusform>
            <numerusform>En esta etapa: %n oportunidades</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Monthly spend in this stage: %1</source>
        <translation>Gasto mensual en esta etapa: %1</translation>
    </message>
    <message>
        <location line="-404"/>
        <location line="+422"/>
        <source>Monthly expected spend by stage</source>
        <translation>Gasto mensual previsto por etapa</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Monthly expected spend by stage (%1)</source>
        <translation>Gasto mensual previsto por etapa (%1)</translation>
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
            <numerusform>%1: %2 al mes, de %n gasto</numerusform>
            <numerusform>%1: %2 al mes, de %n gastos</numerusform>
        </translation>
    </message>
    <message>
        <location line="-464"/>
        <location line="+476"/>
        <source>Open opportunities by target close month</source>
        <translation>Oportunidades abiertas por mes de cierre previsto</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+95"/>
        <source>Overdue</source>
        <translation>Vencidas</translation>
    </message>
    <message>
        <location line="-93"/>
        <source>Due</source>
        <translation>Por vencer</translation>
    </message>
    <message numerus="yes">
        <location line="+20"/>
        <source>%1: %n open opportunities</source>
        <translation>
            <numerusform>%1: %n oportunidad abierta</numerusform>
            <numerusform>%1: %n oportunidades abiertas</numerusform>
        </translation>
    </message>
    <message>
        <location line="-499"/>
        <location line="+507"/>
        <source>Time since the last change</source>
        <translation>Tiempo desde el último cambio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Opportunities</source>
        <translation>Oportunidades</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>Changed %1 ago: %n opportunities</source>
        <translation>
            <numerusform>Modificada hace %1: %n oportunidad</numerusform>
            <numerusform>Modificadas hace %1: %n oportunidades</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Closed-lost reasons: none in these rows</source>
        <translation>Motivos de pérdida: ninguno en estas filas</translation>
    </message>
    <message>
        <location line="-529"/>
        <location line="+530"/>
        <source>Closed-lost reasons</source>
        <translation>Motivos de pérdida</translation>
    </message>
    <message numerus="yes">
        <location line="+18"/>
        <source>%1: %n closed-lost opportunities (%2 %)</source>
        <translation>
            <numerusform>%1: %n oportunidad perdida (%2 %)</numerusform>
            <numerusform>%1: %n oportunidades perdidas (%2 %)</numerusform>
        </translation>
    </message>
    <message>
        <location line="+12"/>
        <source>(no stage)</source>
        <translation>(sin etapa)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no review status)</source>
        <translation>(sin estado de revisión)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Later</source>
        <translation>Más adelante</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>0–7 days</source>
        <translation>0–7 días</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>8–30 days</source>
        <translation>8–30 días</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>31–90 days</source>
        <translation>31–90 días</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>91+ days</source>
        <translation>91+ días</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no reason)</source>
        <translation>(sin motivo)</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>(no currency)</source>
        <translation>(sin moneda)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Stage: %1 · Review: %2</source>
        <translation>Etapa: %1 · Revisión: %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Stage: %1 · Spend in %2</source>
        <translation>Etapa: %1 · Gasto en %2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Target close: %1</source>
        <translation>Cierre previsto: %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last change: %1 ago</source>
        <translation>Último cambio: hace %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Closed lost: %1</source>
        <translation>Cerrada perdida: %1</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ProfilesDialog</name>
    <message>
        <location filename="../ui/profilesdialog.cpp" line="+62"/>
        <source>Profiles</source>
        <translation>Perfiles</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>PartnerDesk profiles</source>
        <translation>Perfiles de PartnerDesk</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;New</source>
        <translation>&amp;Nuevo</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>New profile</source>
        <translation>Perfil nuevo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>De&amp;lete</source>
        <translation>E&amp;liminar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Delete the selected profile</source>
        <translation>Eliminar el perfil seleccionado</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>AWS CLI profiles, read-only</source>
        <translation>Perfiles de AWS CLI, de solo lectura</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>From %1 and %2. Change them with “aws configure”.</source>
        <translation>De %1 y %2. Modifíquelos con «aws configure».</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Partner&amp;Desk profiles</source>
        <translation>Perfiles de Partner&amp;Desk</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>A&amp;WS CLI profiles (read-only)</source>
        <translation>Perfiles de A&amp;WS CLI (solo lectura)</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Profile name</source>
        <translation>Nombre del perfil</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Access key ID</source>
        <translation>ID de clave de acceso</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Secret access key</source>
        <translation>Clave de acceso secreta</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stored only in the system keychain.</source>
        <translation>Se guarda solo en el llavero del sistema.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stored only in the system keychain, never in a settings file.</source>
        <translation>Se guarda solo en el llavero del sistema, nunca en un archivo de configuración.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Session token (optional)</source>
        <translation>Token de sesión (opcional)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Only for temporary credentials</source>
        <translation>Solo para credenciales temporales</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Region (optional)</source>
        <translation>Región (opcional)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Endpoint URL (optional)</source>
        <translation>URL del punto de enlace (opcional)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The region&apos;s standard endpoint</source>
        <translation>El punto de enlace estándar de la región</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Na&amp;me:</source>
        <translation>No&amp;mbre:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Access &amp;key ID:</source>
        <translation>&amp;ID de clave de acceso:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Secret access key:</source>
        <translation>Clave de acceso &amp;secreta:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Session t&amp;oken:</source>
        <translation>T&amp;oken de sesión:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Region:</source>
        <translation>&amp;Región:</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Endpoint URL:</source>
        <translation>URL del punto de &amp;enlace:</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sa&amp;ve</source>
        <translation>&amp;Guardar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Save the profile</source>
        <translation>Guardar el perfil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Test Connection</source>
        <translation>&amp;Probar conexión</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test the connection for both catalogs</source>
        <translation>Probar la conexión con ambos catálogos</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lists one opportunity of each catalog (AWS and Sandbox).</source>
        <translation>Lista una oportunidad de cada catálogo (AWS y Sandbox).</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Use This Profile</source>
        <translation>&amp;Usar este perfil</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connect with this profile</source>
        <translation>Conectarse con este perfil</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Connection test result</source>
        <translation>Resultado de la prueba de conexión</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy IAM &amp;Policy</source>
        <translation>&amp;Copiar la política de IAM</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy a least-privilege IAM policy</source>
        <translation>Copiar una política de IAM de mínimo privilegio</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copies a policy that allows partnercentral:ListOpportunities on the AWS and Sandbox catalogs.</source>
        <translation>Copia una política que permite partnercentral:ListOpportunities en los catálogos AWS y Sandbox.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The IAM policy is on the clipboard.</source>
        <translation>La política de IAM está en el portapapeles.</translation>
    </message>
    <message>
        <location line="+127"/>
        <source>New PartnerDesk profile</source>
        <translation>Nuevo perfil de PartnerDesk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The secret access key and the session token are stored in the %1; the other fields in PartnerDesk&apos;s settings.</source>
        <translation>La clave de acceso secreta y el token de sesión se guardan en el %1; los demás campos, en la configuración de PartnerDesk.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>AWS CLI profile “%1”</source>
        <translation>Perfil de AWS CLI «%1»</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read-only here. PartnerDesk uses it as the AWS CLI would.</source>
        <translation>Aquí es de solo lectura. PartnerDesk lo usa igual que la AWS CLI.</translation>
    </message>
    <message>
        <location line="+29"/>
        <location line="+129"/>
        <source>PartnerDesk profile “%1”</source>
        <translation>Perfil de PartnerDesk «%1»</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Reading the secrets of %1 from the %2…</source>
        <translation>Leyendo los secretos de %1 del %2…</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>An AWS CLI profile is already called %1, and it would take precedence. Choose another name.</source>
        <translation>Ya hay un perfil de AWS CLI llamado %1, que tendría prioridad. Elija otro nombre.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>A PartnerDesk profile called %1 already exists.</source>
        <translation>Ya existe un perfil de PartnerDesk llamado %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the access key ID.</source>
        <translation>Introduzca el ID de clave de acceso.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the secret access key.</source>
        <translation>Introduzca la clave de acceso secreta.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+114"/>
        <source>“%1” is not a valid region name.</source>
        <translation>«%1» no es un nombre de región válido.</translation>
    </message>
    <message>
        <location line="-108"/>
        <source>“%1” is not a valid endpoint URL.</source>
        <translation>«%1» no es una URL de punto de enlace válida.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Saving %1…</source>
        <translation>Guardando %1…</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Profile %1 saved; its secret access key is in the %2.</source>
        <translation>Perfil %1 guardado; su clave de acceso secreta está en el %2.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Delete Profile</source>
        <translation>Eliminar perfil</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete the profile %1 and its secrets in the %2?</source>
        <translation>¿Eliminar el perfil %1 y sus secretos del %2?</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Delete</source>
        <translation>&amp;Eliminar</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Deleting %1…</source>
        <translation>Eliminando %1…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Profile %1 deleted.</source>
        <translation>Perfil %1 eliminado.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Enter the access key ID and the secret access key first.</source>
        <translation>Introduzca primero el ID de clave de acceso y la clave de acceso secreta.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>the keys entered here</source>
        <translation>las claves introducidas aquí</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Testing %1 (region %2)…</source>
        <translation>Probando %1 (región %2)…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Catalog %1: testing…</source>
        <translation>Catálogo %1: probando…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Connection test passed.</source>
        <translation>Prueba de conexión superada.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connection test failed.</source>
        <translation>La prueba de conexión falló.</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::SavedViewsDialog</name>
    <message>
        <location filename="../ui/savedviewsdialog.cpp" line="+22"/>
        <source>Manage Views</source>
        <translation>Administrar vistas</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saved views</source>
        <translation>Vistas guardadas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Apply</source>
        <translation>A&amp;plicar</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Rename…</source>
        <translation>&amp;Cambiar nombre…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Delete</source>
        <translation>&amp;Eliminar</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Export…</source>
        <translation>E&amp;xportar…</translation>
    </message>
    <message>
        <location line="+27"/>
        <location line="+3"/>
        <source>Rename View</source>
        <translation>Cambiar el nombre de la vista</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>New name:</source>
        <translation>Nuevo nombre:</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>“%1” is empty or already the name of a view.</source>
        <translation>«%1» está vacío o ya es el nombre de una vista.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Delete View</source>
        <translation>Eliminar vista</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Delete the view “%1”?</source>
        <translation>¿Eliminar la vista «%1»?</translation>
    </message>
    <message>
        <location line="+15"/>
        <location line="+4"/>
        <source>Export View</source>
        <translation>Exportar vista</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>PartnerDesk views (*.pdview.json *.json)</source>
        <translation>Vistas de PartnerDesk (*.pdview.json *.json)</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>%1 (start view)</source>
        <translation>%1 (vista inicial)</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>&amp;Clear Start View</source>
        <translation>&amp;Quitar la vista inicial</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set as &amp;Start View</source>
        <translation>Establecer como vista &amp;inicial</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::StageProgressStrip</name>
    <message>
        <location filename="../ui/stageprogressstrip.cpp" line="+22"/>
        <source>Stage progress</source>
        <translation>Progreso de etapas</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Closed lost</source>
        <translation>Cerrada perdida</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stage %1 of %2: %3</source>
        <translation>Etapa %1 de %2: %3</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No stage</source>
        <translation>Sin etapa</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::ViewsMenu</name>
    <message>
        <location filename="../ui/viewsmenu.cpp" line="+54"/>
        <source>PartnerDesk views (*.pdview.json *.json)</source>
        <translation>Vistas de PartnerDesk (*.pdview.json *.json)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Vie&amp;ws</source>
        <translation>Vistas &amp;guardadas</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>&amp;Save Current View…</source>
        <translation>&amp;Guardar la vista actual…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Manage Views…</source>
        <translation>&amp;Administrar vistas…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Import View…</source>
        <translation>&amp;Importar vista…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E&amp;xport Current View…</source>
        <translation>E&amp;xportar la vista actual…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Copy as AWS CLI Command</source>
        <translation>&amp;Copiar como comando de AWS CLI</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the aws partnercentral-selling list-opportunities command for the filters the service applies; filters on the loaded rows follow as a comment</source>
        <translation>Copiar el comando aws partnercentral-selling list-opportunities para los filtros que aplica el servicio; los filtros sobre las filas cargadas se añaden como comentario</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+182"/>
        <source>Saved views: %1</source>
        <translation>Vistas guardadas: %1</translation>
    </message>
    <message>
        <location line="-121"/>
        <source>View “%1” applied</source>
        <translation>Vista «%1» aplicada</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Cannot read %1: %2</source>
        <translation>No se puede leer %1: %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The view could not be saved.</source>
        <translation>No se pudo guardar la vista.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Cannot write %1: %2</source>
        <translation>No se puede escribir %1: %2</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>quick filter “%1”</source>
        <translation>filtro rápido «%1»</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1 (start view)</source>
        <translation>%1 (vista inicial)</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Save Current View</source>
        <translation>Guardar la vista actual</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name of the view (filters, local filter, columns and sort):</source>
        <translation>Nombre de la vista (filtros, filtro local, columnas y orden):</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>View “%1” saved</source>
        <translation>Vista «%1» guardada</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Import View</source>
        <translation>Importar vista</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Import failed: %1</source>
        <translation>Error al importar: %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>View</source>
        <translation>Vista</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export Current View</source>
        <translation>Exportar la vista actual</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Exported to %1</source>
        <translation>Exportado a %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>AWS CLI command copied</source>
        <translation>Comando de AWS CLI copiado</translation>
    </message>
</context>
<context>
    <name>Pd::Gui::WelcomeDialog</name>
    <message>
        <location filename="../ui/welcomedialog.cpp" line="+19"/>
        <location line="+6"/>
        <source>Welcome to PartnerDesk</source>
        <translation>Bienvenido a PartnerDesk</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PartnerDesk found no AWS credentials: no keys in the environment, no AWS CLI profile in ~/.aws and no PartnerDesk profile.

Set up a profile with an access key (the secret goes to the system keychain), or look around with generated demo data first; nothing is sent to AWS in the demo.</source>
        <translation>PartnerDesk no encontró credenciales de AWS: no hay claves en el entorno, ni perfiles de AWS CLI en ~/.aws, ni perfiles de PartnerDesk.

Configure un perfil con una clave de acceso (la clave secreta se guarda en el llavero del sistema) o explore primero con datos de demostración generados; en la demostración no se envía nada a AWS.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>&amp;Set Up a Profile…</source>
        <translation>&amp;Configurar un perfil…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Try the &amp;Demo</source>
        <translation>Probar la &amp;demostración</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Later</source>
        <translation>&amp;Más tarde</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <location filename="../app/gui/main.cpp" line="+71"/>
        <source>Browse, filter and inspect AWS Partner Central opportunities.</source>
        <translation>Explore, filtre y consulte las oportunidades de AWS Partner Central.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Browse generated demo data served by a built-in emulator; nothing is sent to AWS.</source>
        <translation>Explorar datos de demostración generados por un emulador integrado; no se envía nada a AWS.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Use the AWS CLI or PartnerDesk profile &lt;name&gt;.</source>
        <translation>Usar el perfil de AWS CLI o de PartnerDesk &lt;name&gt;.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>name</source>
        <translation>name</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Use the AWS region &lt;region&gt;.</source>
        <translation>Usar la región de AWS &lt;region&gt;.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>region</source>
        <translation>region</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Send requests to &lt;url&gt; instead of the region&apos;s endpoint.</source>
        <translation>Enviar las solicitudes a &lt;url&gt; en lugar de al punto de enlace de la región.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>url</source>
        <translation>url</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Use the language &lt;code&gt; (en, de, fr, es, ja, pt_BR) instead of the system&apos;s or the saved one.</source>
        <translation>Usar el idioma &lt;code&gt; (en, de, fr, es, ja, pt_BR) en lugar del del sistema o del guardado.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>code</source>
        <translation>code</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open on the &lt;view&gt;: table (default) or pipeline.</source>
        <translation>Abrir en la vista &lt;view&gt;: table (predeterminada) o pipeline.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>view</source>
        <translation>view</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Unknown view &apos;%1&apos;: choose table or pipeline.</source>
        <translation>Vista «%1» desconocida: elija table o pipeline.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>The demo service did not start: %1</source>
        <translation>El servicio de demostración no se inició: %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Demo data</source>
        <translation>Datos de demostración</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>PartnerDesk</source>
        <translation>PartnerDesk</translation>
    </message>
</context>
</TS>
